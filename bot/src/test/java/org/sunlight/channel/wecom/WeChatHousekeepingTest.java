package org.sunlight.channel.wecom;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sunlight.storage.Database;

class WeChatHousekeepingTest {

    @TempDir
    Path directory;

    @Test
    void oldEventsAndSettledRobotSendsGoWhilePendingMessagesKeepTheirParts() {
        Jdbi jdbi = Database.open(directory.resolve("sunlight.db"));
        Instant now = Instant.parse("2026-03-05T02:00:00Z");
        long old = now.minus(Duration.ofDays(2)).toEpochMilli();
        long recent = now.minus(Duration.ofMinutes(1)).toEpochMilli();
        jdbi.useHandle(handle -> {
            handle.execute("INSERT INTO outbox (id, idempotency_key, channel, target, format, body, state, "
                    + "next_attempt_at, created_at) VALUES (1, 'a', 'wecom-robot', 'env:R', 'text', 'x', 'sent', 0, 0),"
                    + " (2, 'b', 'wecom-robot', 'env:R', 'text', 'y', 'pending', 0, 0)");
            handle.execute("INSERT INTO wecom_robot_send (outbox_id, part, robot, sent_at) VALUES "
                    + "(1, 0, 'env:R', ?), (1, 1, 'env:R', ?), (2, 0, 'env:R', ?)", old, recent, old);
            handle.execute("INSERT INTO wechat_callback_event (channel, dedup_key, received_at) VALUES "
                    + "('mp', 'old', ?), ('mp', 'new', ?)", old, recent);
        });

        int deleted = new WeChatHousekeeping(jdbi).run(now);

        assertThat(deleted).isEqualTo(2);
        List<String> parts = jdbi.withHandle(handle -> handle.createQuery("SELECT outbox_id || ':' || part FROM "
                + "wecom_robot_send ORDER BY 1").mapTo(String.class).list());
        List<String> events = jdbi.withHandle(handle -> handle.createQuery("SELECT dedup_key FROM "
                + "wechat_callback_event").mapTo(String.class).list());
        assertThat(parts).containsExactly("1:1", "2:0");
        assertThat(events).containsExactly("new");
    }
}
