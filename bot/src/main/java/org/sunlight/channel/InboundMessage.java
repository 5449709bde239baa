package org.sunlight.channel;

import java.time.Instant;

/**
 * A message someone sent to Sunlight on any channel. {@code dedupKey} is unique per channel
 * (WeChat's MsgId; for events sender + CreateTime) so a retried callback is recognised.
 * {@code sender} is the channel's id for the person (in the sandbox, the person's code).
 */
public record InboundMessage(String dedupKey, Conversation conversation, String sender, String text,
                             Instant receivedAt) {
}
