package org.sunlight.registry;

/** Someone known to Sunlight; {@code household} (e.g. 3-2-301) is set for owners. */
public record Person(long id, String code, String name, String phone, String household) {
}
