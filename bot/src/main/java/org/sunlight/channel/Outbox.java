package org.sunlight.channel;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.sunlight.storage.Dialect;
import org.sunlight.storage.StorageConfig;

/**
 * The persistent queue of everything Sunlight sends. {@link #enqueue} joins the caller's
 * transaction, so a message exists exactly when the event that caused it was committed; the
 * {@link OutboxWorker} delivers it afterwards. Thread-safe.
 */
public final class Outbox {

    /** Attempts before a message is parked as dead (visible on the dashboard, retried by hand). */
    public static final int MAX_ATTEMPTS = 8;

    private final Jdbi jdbi;
    private final Clock clock;
    private volatile Runnable onEnqueue = () -> { };

    public Outbox(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
        jdbi.registerRowMapper(ConstructorMapper.factory(OutboxItem.class));
    }

    /** Called after a transaction that enqueued something commits (the worker's wake-up). */
    public void onEnqueue(Runnable listener) {
        this.onEnqueue = listener;
    }

    /**
     * Queues a message unless one with the same idempotency key exists; returns the row id either way.
     */
    public long enqueue(OutboundMessage message) {
        return jdbi.inTransaction(handle -> {
            long now = clock.millis();
            int inserted = handle.createUpdate("INSERT INTO outbox (idempotency_key, channel, target, format, body, "
                            + "state, attempts, next_attempt_at, created_at) VALUES (:key, :channel, :target, :format, "
                            + ":body, 'pending', 0, :now, :now) ON CONFLICT (idempotency_key) DO NOTHING")
                    .bind("key", message.idempotencyKey()).bind("channel", message.channel())
                    .bind("target", message.target()).bind("format", message.format().code())
                    .bind("body", message.body()).bind("now", now)
                    .execute();
            if (inserted > 0) {
                Runnable listener = onEnqueue;
                handle.afterCommit(listener);
            }
            return handle.createQuery("SELECT id FROM outbox WHERE idempotency_key = :key")
                    .bind("key", message.idempotencyKey()).mapTo(Long.class).one();
        });
    }

    /**
     * Queues messages in one batch (joining the caller's transaction), each unless one with its
     * idempotency key exists; returns how many were new. For callers that write many at once.
     */
    public int enqueueAll(List<OutboundMessage> messages) {
        if (messages.isEmpty()) {
            return 0;
        }
        return jdbi.inTransaction(handle -> {
            long now = clock.millis();
            PreparedBatch batch = handle.prepareBatch("INSERT INTO outbox (idempotency_key, channel, target, format, "
                    + "body, state, attempts, next_attempt_at, created_at) VALUES (:key, :channel, :target, :format, "
                    + ":body, 'pending', 0, :now, :now) ON CONFLICT (idempotency_key) DO NOTHING");
            for (OutboundMessage message : messages) {
                batch.bind("key", message.idempotencyKey()).bind("channel", message.channel())
                        .bind("target", message.target()).bind("format", message.format().code())
                        .bind("body", message.body()).bind("now", now).add();
            }
            int inserted = 0;
            for (int count : batch.execute()) {
                // A driver may report a successful row without a count (Statement.SUCCESS_NO_INFO, -2).
                if (count != 0) {
                    inserted++;
                }
            }
            if (inserted > 0) {
                Runnable listener = onEnqueue;
                handle.afterCommit(listener);
            }
            return inserted;
        });
    }

    /** Pending messages whose next attempt is due, oldest first. */
    public List<OutboxItem> due(int limit) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM outbox WHERE state = 'pending' "
                        + "AND next_attempt_at <= :now ORDER BY id LIMIT :limit")
                .bind("now", clock.millis()).bind("limit", limit).mapTo(OutboxItem.class).list());
    }

    /**
     * Whether several nodes may share this outbox (PostgreSQL): then messages are delivered one at a
     * time through {@link #deliverOneClaimed}, never from a plain {@link #due} list.
     */
    public boolean shared() {
        return StorageConfig.dialect(jdbi) == Dialect.POSTGRESQL;
    }

    /**
     * Locks the oldest due message that no other node holds ({@code FOR UPDATE SKIP LOCKED}) and runs
     * {@code delivery} on it inside that transaction, so its {@link #markSent}/{@link #markFailed}
     * commit with the claim and no two nodes send it. A node that dies mid-delivery loses its lock
     * with its connection and another node retries the message. Returns false when nothing is due.
     */
    public boolean deliverOneClaimed(Consumer<OutboxItem> delivery) {
        return jdbi.inTransaction(handle -> {
            Optional<OutboxItem> item = handle.createQuery("SELECT * FROM outbox WHERE state = 'pending' "
                            + "AND next_attempt_at <= :now ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED")
                    .bind("now", clock.millis()).mapTo(OutboxItem.class).findOne();
            item.ifPresent(delivery);
            return item.isPresent();
        });
    }

    /** When the next pending message becomes due, if any. */
    public Optional<Long> nextDueAt() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT min(next_attempt_at) FROM outbox "
                + "WHERE state = 'pending'").mapTo(Long.class).findOne());
    }

    public Optional<OutboxItem> find(long id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM outbox WHERE id = :id").bind("id", id)
                .mapTo(OutboxItem.class).findOne());
    }

    public void markSent(long id) {
        jdbi.useHandle(handle -> handle.createUpdate("UPDATE outbox SET state = 'sent', sent_at = :now, "
                + "attempts = attempts + 1, last_error = NULL WHERE id = :id AND state = 'pending'")
                .bind("now", clock.millis()).bind("id", id).execute());
    }

    /**
     * Records a failed attempt: retried later with exponential backoff (capped at an hour), or
     * parked as dead when not retryable or out of attempts.
     */
    public void markFailed(OutboxItem item, String error, boolean retryable) {
        int attempts = item.attempts() + 1;
        boolean dead = !retryable || attempts >= MAX_ATTEMPTS;
        long backoff = Math.min(Duration.ofHours(1).toMillis(), 1000L << Math.min(attempts, 20));
        jdbi.useHandle(handle -> handle.createUpdate("UPDATE outbox SET attempts = :attempts, last_error = :error, "
                        + "state = :state, next_attempt_at = :next WHERE id = :id AND state = 'pending'")
                .bind("attempts", attempts).bind("error", error).bind("state", dead ? "dead" : "pending")
                .bind("next", clock.millis() + backoff).bind("id", item.id()).execute());
    }

    /** Moves a pending message's next attempt to {@code at} without counting an attempt (rate limits). */
    public void postpone(long id, long at, String reason) {
        jdbi.useHandle(handle -> handle.createUpdate("UPDATE outbox SET next_attempt_at = :at, last_error = :reason "
                + "WHERE id = :id AND state = 'pending'").bind("at", at).bind("reason", reason).bind("id", id)
                .execute());
    }

    /** Puts a dead message back in the queue (the dashboard's retry button). */
    public boolean retry(long id) {
        int updated = jdbi.withHandle(handle -> handle.createUpdate("UPDATE outbox SET state = 'pending', "
                        + "attempts = 0, next_attempt_at = :now WHERE id = :id AND state = 'dead'")
                .bind("now", clock.millis()).bind("id", id).execute());
        if (updated > 0) {
            onEnqueue.run();
        }
        return updated > 0;
    }

    public List<OutboxItem> dead(int limit) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM outbox WHERE state = 'dead' "
                + "ORDER BY id DESC LIMIT :limit").bind("limit", limit).mapTo(OutboxItem.class).list());
    }

    /**
     * What is still to deliver and what gave up, for /health: two index ranges, so a probe costs
     * the backlog, not the millions of rows a city sends in a year (those {@link #counts()} scans).
     */
    public java.util.Map<String, Integer> backlog() {
        return jdbi.withHandle(handle -> {
            java.util.Map<String, Integer> backlog = new java.util.TreeMap<>();
            for (String state : java.util.List.of("pending", "dead")) {
                backlog.put(state, handle.createQuery("SELECT count(*) FROM outbox WHERE state = :state")
                        .bind("state", state).mapTo(Integer.class).one());
            }
            return backlog;
        });
    }

    /** Counts by state, every row read. */
    public java.util.Map<String, Integer> counts() {
        return jdbi.withHandle(handle -> {
            java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
            handle.createQuery("SELECT state, count(*) AS n FROM outbox GROUP BY state").mapToMap().forEach(
                    row -> counts.put((String) row.get("state"), ((Number) row.get("n")).intValue()));
            return counts;
        });
    }
}
