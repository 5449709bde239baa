package org.sunlight.templates;

import io.pebbletemplates.pebble.error.PebbleException;
import java.util.OptionalInt;

/**
 * A template could not be found, compiled or rendered.
 *
 * <p>The message names the template as {@code chat/<name>} or {@code page/<name>} and carries
 * Pebble's own message, which ends with {@code (file:line)} of the offending template (that may be
 * a parent layout or an include rather than the template asked for). The Pebble exception is kept
 * as the cause.
 */
public final class TemplateException extends RuntimeException {

    /** The template asked for, as {@code chat/<name>} or {@code page/<name>}. */
    private final String templateName;

    /**
     * Creates an exception for a failed template.
     *
     * @param templateName the template as {@code chat/<name>} or {@code page/<name>}
     * @param cause what went wrong; its message is included in this exception's message
     */
    public TemplateException(String templateName, Throwable cause) {
        super("Template " + templateName + " failed: " + describe(cause), cause);
        this.templateName = templateName;
    }

    /**
     * Returns the template that was asked for.
     *
     * @return the template as {@code chat/<name>} or {@code page/<name>}
     */
    public String templateName() {
        return templateName;
    }

    /**
     * Returns the line Pebble reported, if it reported one.
     *
     * @return the line in the file Pebble reported (see the message for which file)
     */
    public OptionalInt lineNumber() {
        if (getCause() instanceof PebbleException pebbleException && pebbleException.getLineNumber() != null) {
            return OptionalInt.of(pebbleException.getLineNumber());
        }
        return OptionalInt.empty();
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return message == null ? cause.getClass().getName() : message;
    }
}
