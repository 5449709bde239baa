package org.sunlight.channel.callback;

/** A callback refused before anything was stored: the status to answer and why (for the log, never secret). */
public final class CallbackRejected extends RuntimeException {

    private final int status;

    public CallbackRejected(int status, String reason) {
        super(reason);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
