package org.sunlight.registry;

/** One setting overriding a default for a town, community or complex. */
public record Setting(String name, String value) {
}
