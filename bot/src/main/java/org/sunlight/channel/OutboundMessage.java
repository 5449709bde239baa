package org.sunlight.channel;

/**
 * A message Sunlight will send. The idempotency key names the event that caused it
 * (e.g. {@code reply:42:0}), so enqueueing the same message twice sends it once.
 */
public record OutboundMessage(String idempotencyKey, String channel, String target, Format format, String body) {

    /** How the body is to be shown. */
    public enum Format {
        TEXT, MARKDOWN, IMAGE;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A plain text reply into a conversation. */
    public static OutboundMessage text(String idempotencyKey, Conversation conversation, String body) {
        return new OutboundMessage(idempotencyKey, conversation.channel(), conversation.target(), Format.TEXT, body);
    }
}
