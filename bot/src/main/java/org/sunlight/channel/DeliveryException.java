package org.sunlight.channel;

/** A channel did not accept a message. Retryable failures (busy, rate limit, timeout) are tried again later. */
public final class DeliveryException extends Exception {

    private final boolean retryable;
    private final java.time.Instant notBefore;

    public DeliveryException(String message, boolean retryable) {
        this(message, retryable, null);
    }

    private DeliveryException(String message, boolean retryable, java.time.Instant notBefore) {
        super(message);
        this.retryable = retryable;
        this.notBefore = notBefore;
    }

    /** Not sent because of a rate limit: try again at {@code notBefore}, without counting an attempt. */
    public static DeliveryException postpone(String message, java.time.Instant notBefore) {
        return new DeliveryException(message, true, notBefore);
    }

    /** Set when the failure was a rate limit that ends at a known time. */
    public java.time.Instant notBefore() {
        return notBefore;
    }

    public boolean retryable() {
        return retryable;
    }
}
