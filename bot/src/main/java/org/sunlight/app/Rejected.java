package org.sunlight.app;

/**
 * A request Sunlight refuses, with a Chinese message for the person who made it. Services throw
 * it; the web layer maps it to an HTTP status once, in one place.
 */
public final class Rejected extends RuntimeException {

    /** Why the request was refused. */
    public enum Reason {
        INVALID, FORBIDDEN, NOT_FOUND, CONFLICT
    }

    private final Reason reason;

    private Rejected(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    public static Rejected invalid(String message) {
        return new Rejected(Reason.INVALID, message);
    }

    public static Rejected forbidden(String message) {
        return new Rejected(Reason.FORBIDDEN, message);
    }

    public static Rejected notFound(String message) {
        return new Rejected(Reason.NOT_FOUND, message);
    }

    public static Rejected conflict(String message) {
        return new Rejected(Reason.CONFLICT, message);
    }
}
