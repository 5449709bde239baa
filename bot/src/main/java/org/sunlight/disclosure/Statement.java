package org.sunlight.disclosure;

/**
 * One published version of a statement. {@code content} is canonical JSON; {@code digest} is its
 * SHA-256, shown on every copy so a later change is visible.
 */
public record Statement(long id, long complexId, String kind, String period, int version, String digest,
                        String content, long publishedAt) {

    /** The first 12 hex characters, as shown in chat. */
    public String shortDigest() {
        return digest.substring(0, 12);
    }
}
