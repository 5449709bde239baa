package org.sunlight.registry;

/** A legal adviser a town provides to its complexes. */
public record LegalAdviser(long townId, String name, String firm, String phone) {
}
