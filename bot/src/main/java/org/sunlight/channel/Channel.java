package org.sunlight.channel;

/**
 * One way of reaching people (the sandbox, a WeCom robot, a customer group, …). Adapters do only
 * the sending; what to send and when is decided elsewhere and queued in the {@link Outbox}.
 * Implementations must be thread-safe.
 */
public interface Channel {

    /** The name used in bindings and outbox rows, e.g. {@code sandbox}. */
    String name();

    /**
     * Delivers one queued message. Returning normally means the channel accepted it.
     *
     * @throws DeliveryException when it did not; {@link DeliveryException#retryable()} says whether to try again
     */
    void deliver(OutboxItem item) throws DeliveryException;

    /**
     * When this channel may next send to the item's target (a rate limit such as a WeCom robot's
     * 20 messages a minute); {@code null} or a past instant means now. The worker postpones the
     * item without counting an attempt, so one busy target never holds up the others.
     */
    default java.time.Instant nextAllowedAt(OutboxItem item) {
        return null;
    }
}
