package org.sunlight.money;

/** An amount a person wrote that Sunlight will not guess at; the message is Chinese and names the problem. */
public final class AmountFormatException extends IllegalArgumentException {

    public AmountFormatException(String message) {
        super(message);
    }
}
