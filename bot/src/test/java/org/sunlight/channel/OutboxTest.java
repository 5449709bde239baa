package org.sunlight.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sunlight.app.MutableClock;
import org.sunlight.storage.Database;

class OutboxTest {

    @TempDir
    Path directory;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T02:00:00Z"));
    private Jdbi jdbi;
    private Outbox outbox;
    private FlakyChannel channel;
    private OutboxWorker worker;

    @BeforeEach
    void open() {
        jdbi = Database.open(directory.resolve("sunlight.db"));
        outbox = new Outbox(jdbi, clock);
        channel = new FlakyChannel();
        worker = new OutboxWorker(outbox, Map.of("flaky", channel), clock);
    }

    private static OutboundMessage message(String key) {
        return new OutboundMessage(key, "flaky", "group-1", OutboundMessage.Format.TEXT, "公示：" + key);
    }

    @Test
    void theSameIdempotencyKeyIsQueuedAndSentOnce() {
        long first = outbox.enqueue(message("statement:jinxiu:2026Q1"));
        long second = outbox.enqueue(message("statement:jinxiu:2026Q1"));

        worker.deliverDue();
        worker.deliverDue();

        assertThat(second).isEqualTo(first);
        assertThat(channel.delivered).containsExactly("公示：statement:jinxiu:2026Q1");
        assertThat(outbox.counts()).containsEntry("sent", 1);
    }

    @Test
    void theBacklogForHealthCountsWhatIsPendingOrDeadButNotWhatWasSent() {
        outbox.enqueue(message("statement:jinxiu:2026Q1"));
        worker.deliverDue();
        outbox.enqueue(message("statement:jinxiu:2026Q2"));

        assertThat(outbox.backlog()).containsExactlyInAnyOrderEntriesOf(Map.of("pending", 1, "dead", 0));
    }

    @Test
    void aMessageEnqueuedInARolledBackTransactionDoesNotExist() {
        try {
            jdbi.useTransaction(handle -> {
                outbox.enqueue(message("reply:1:0"));
                throw new IllegalStateException("the event failed");
            });
        } catch (IllegalStateException expected) {
            // the event and its message go together
        }

        assertThat(worker.deliverDue()).isZero();
        assertThat(outbox.counts()).isEmpty();
    }

    @Test
    void retryableFailuresBackOffAndThenSucceed() {
        channel.failuresLeft = 2;
        outbox.enqueue(message("reply:2:0"));

        worker.deliverDue();
        assertThat(channel.delivered).isEmpty();
        assertThat(worker.deliverDue()).as("not due again before the backoff").isZero();

        clock.advance(Duration.ofSeconds(3));
        worker.deliverDue();
        clock.advance(Duration.ofSeconds(5));
        worker.deliverDue();

        assertThat(channel.delivered).containsExactly("公示：reply:2:0");
        assertThat(outbox.counts()).containsEntry("sent", 1);
    }

    @Test
    void aPermanentFailureIsParkedAsDeadAndCanBeRetriedByHand() {
        channel.permanentFailure = true;
        long id = outbox.enqueue(message("reply:3:0"));

        worker.deliverDue();

        assertThat(outbox.dead(10)).extracting(OutboxItem::id).containsExactly(id);
        assertThat(outbox.dead(10).get(0).lastError()).contains("invalid chat id");

        channel.permanentFailure = false;
        assertThat(outbox.retry(id)).isTrue();
        worker.deliverDue();
        assertThat(channel.delivered).containsExactly("公示：reply:3:0");
        assertThat(outbox.retry(id)).as("only dead messages can be retried").isFalse();
    }

    @Test
    void aMessageForAnUnconfiguredChannelIsParkedNotLost() {
        outbox.enqueue(new OutboundMessage("x", "wecom-robot", "key", OutboundMessage.Format.TEXT, "hi"));

        worker.deliverDue();

        assertThat(outbox.dead(10)).singleElement().satisfies(item ->
                assertThat(item.lastError()).contains("no channel 'wecom-robot'"));
    }

    /** A channel that fails when told to. */
    static final class FlakyChannel implements Channel {
        final List<String> delivered = new ArrayList<>();
        int failuresLeft;
        boolean permanentFailure;

        @Override
        public String name() {
            return "flaky";
        }

        @Override
        public void deliver(OutboxItem item) throws DeliveryException {
            if (permanentFailure) {
                throw new DeliveryException("invalid chat id", false);
            }
            if (failuresLeft > 0) {
                failuresLeft--;
                throw new DeliveryException("system busy", true);
            }
            delivered.add(item.body());
        }
    }
}
