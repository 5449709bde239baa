package org.sunlight.cli;

/** A command line that does not fit the command's {@link CommandSpec}; the message names the problem. */
public final class UsageException extends Exception {

    public UsageException(String message) {
        super(message);
    }
}
