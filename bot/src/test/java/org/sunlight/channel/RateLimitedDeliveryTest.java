package org.sunlight.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sunlight.channel.fake.FakeClock;
import org.sunlight.storage.Database;

/** The worker's rate-limit hook: a busy target waits without using up attempts or holding up others. */
class RateLimitedDeliveryTest {

    @TempDir
    Path directory;

    private final FakeClock clock = new FakeClock(Instant.parse("2026-03-02T02:00:00Z"));

    /** Allows one message per target per minute. */
    private final class OnePerMinute implements Channel {
        final List<String> delivered = new ArrayList<>();
        final Map<String, Instant> last = new java.util.HashMap<>();

        @Override
        public String name() {
            return "limited";
        }

        @Override
        public Instant nextAllowedAt(OutboxItem item) {
            Instant previous = last.get(item.target());
            return previous == null ? null : previous.plus(Duration.ofMinutes(1));
        }

        @Override
        public void deliver(OutboxItem item) {
            last.put(item.target(), clock.instant());
            delivered.add(item.target() + ":" + item.body());
        }
    }

    @Test
    void aRateLimitedTargetWaitsWithoutCountingAttemptsWhileOtherTargetsProceed() {
        Outbox outbox = new Outbox(Database.open(directory.resolve("sunlight.db")), clock);
        OnePerMinute channel = new OnePerMinute();
        OutboxWorker worker = new OutboxWorker(outbox, Map.of("limited", channel), clock);
        for (int i = 0; i < 3; i++) {
            outbox.enqueue(new OutboundMessage("a" + i, "limited", "robot-a", OutboundMessage.Format.TEXT, "a" + i));
        }
        outbox.enqueue(new OutboundMessage("b0", "limited", "robot-b", OutboundMessage.Format.TEXT, "b0"));

        worker.deliverDue();
        assertThat(channel.delivered).containsExactly("robot-a:a0", "robot-b:b0");
        for (int minute = 0; minute < 12; minute++) {
            clock.advance(Duration.ofSeconds(30));
            worker.deliverDue();
        }

        assertThat(channel.delivered).containsExactly("robot-a:a0", "robot-b:b0", "robot-a:a1", "robot-a:a2");
        assertThat(outbox.counts()).containsEntry("sent", 4).doesNotContainKey("dead");
        assertThat(outbox.find(outbox.enqueue(new OutboundMessage("a2", "limited", "robot-a",
                OutboundMessage.Format.TEXT, "a2"))).orElseThrow().attempts()).isEqualTo(1);
    }
}
