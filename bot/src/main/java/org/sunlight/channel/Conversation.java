package org.sunlight.channel;

/**
 * Where a message was said and where a reply goes: a group or a private chat on one channel.
 * {@code complexId} is set when the conversation belongs to a complex (its supervision group).
 */
public record Conversation(String channel, String target, boolean group, Long complexId) {
}
