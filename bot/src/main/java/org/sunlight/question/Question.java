package org.sunlight.question;

import java.time.Instant;

/** An owner's question as stored; {@code number} is what owners quote within their complex. */
public record Question(long id, long complexId, long number, Long itemId, String asker, String askerName,
                       String household, String phone, String channel, String target, boolean isGroup, String text,
                       Instant askedAt, Instant answerDueAt, String answerText, String answeredBy, Instant answeredAt,
                       Instant firstAnsweredAt) {
}
