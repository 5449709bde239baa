package org.sunlight.registry;

/** A community or village (社区/村): the first tier above a complex. */
public record Community(long id, long townId, String code, String name) {
}
