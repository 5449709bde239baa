package org.sunlight.registry;

/** What a committee member shows the owners: position (e.g. 业委会主任), photo URL and pledge. */
public record Profile(long personId, String position, String photo, String pledge) {
}
