package org.sunlight.channel;

/** A channel did not accept a message. Retryable failures (busy, rate limit, timeout) are tried again later. */
public final class DeliveryException extends Exception {

    private final boolean retryable;

    public DeliveryException(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
