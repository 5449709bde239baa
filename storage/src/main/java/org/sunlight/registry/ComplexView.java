package org.sunlight.registry;

/** A complex with the names of the community and town above it, for display. */
public record ComplexView(Complex complex, Community community, Town town) {
}
