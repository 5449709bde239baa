package org.sunlight.registry;

/** A town or street office (镇/街道): supervises every complex in it. */
public record Town(long id, String code, String name) {
}
