package org.sunlight.channel;

/** A row of the outbox. */
public record OutboxItem(long id, String idempotencyKey, String channel, String target, String format, String body,
                         String state, int attempts, long nextAttemptAt, String lastError, long createdAt,
                         Long sentAt) {
}
