package org.sunlight.channel;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers queued messages on one background thread: woken when something is enqueued, and
 * otherwise polling for retries that became due. A crash between a channel accepting a message
 * and {@link Outbox#markSent} can repeat that one message on channels without idempotency; the
 * sandbox deduplicates by outbox id. On PostgreSQL every node runs a worker and each message is
 * claimed with {@code FOR UPDATE SKIP LOCKED} ({@link Outbox#deliverOneClaimed}). Thread-safe.
 */
public final class OutboxWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxWorker.class);
    private static final long IDLE_POLL_MILLIS = 1_000;
    private static final int BATCH = 50;

    private final Outbox outbox;
    private final Map<String, Channel> channels;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wakeUp = lock.newCondition();
    private boolean woken;
    private volatile boolean running;
    private Thread thread;

    public OutboxWorker(Outbox outbox, Map<String, Channel> channels, Clock clock) {
        this.outbox = outbox;
        this.channels = Map.copyOf(channels);
        this.clock = clock;
        outbox.onEnqueue(this::wake);
    }

    public void start() {
        running = true;
        thread = new Thread(this::run, "outbox-worker");
        thread.setDaemon(true);
        thread.start();
    }

    public void wake() {
        lock.lock();
        try {
            woken = true;
            wakeUp.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Delivers everything due now; returns how many messages were attempted. */
    public int deliverDue() {
        if (outbox.shared()) {
            return deliverDueClaimed();
        }
        int attempted = 0;
        List<OutboxItem> batch;
        do {
            batch = outbox.due(BATCH);
            for (OutboxItem item : batch) {
                deliver(item);
                attempted++;
            }
        } while (batch.size() == BATCH && running);
        return attempted;
    }

    /** Several nodes: each message claimed under a row lock; every attempt moves it out of "due now". */
    private int deliverDueClaimed() {
        int attempted = 0;
        while (outbox.deliverOneClaimed(this::deliver)) {
            attempted++;
            if (attempted % BATCH == 0 && !running) {
                break;
            }
        }
        return attempted;
    }

    private void deliver(OutboxItem item) {
        Channel channel = channels.get(item.channel());
        if (channel == null) {
            outbox.markFailed(item, "no channel '" + item.channel() + "' is configured", false);
            LOG.warn("outbox {} parked: channel {} not configured", item.id(), item.channel());
            return;
        }
        java.time.Instant allowedAt = channel.nextAllowedAt(item);
        if (allowedAt != null && allowedAt.toEpochMilli() > clock.millis()) {
            outbox.postpone(item.id(), allowedAt.toEpochMilli(), "rate limited until " + allowedAt);
            return;
        }
        try {
            channel.deliver(item);
            outbox.markSent(item.id());
        } catch (DeliveryException e) {
            if (e.notBefore() != null) {
                outbox.postpone(item.id(), Math.max(e.notBefore().toEpochMilli(), clock.millis() + 1),
                        e.getMessage());
                LOG.info("outbox {} to {} postponed until {} (attempt not counted): {}", item.id(), item.channel(),
                        e.notBefore(), e.getMessage());
                return;
            }
            outbox.markFailed(item, e.getMessage(), e.retryable());
            LOG.warn("outbox {} to {} failed (attempt {}, retryable {}): {}", item.id(), item.channel(),
                    item.attempts() + 1, e.retryable(), e.getMessage());
        } catch (RuntimeException e) {
            outbox.markFailed(item, e.toString(), true);
            LOG.warn("outbox {} to {} failed unexpectedly", item.id(), item.channel(), e);
        }
    }

    private void run() {
        while (running) {
            try {
                deliverDue();
                long wait = outbox.nextDueAt().map(due -> due - clock.millis())
                        .map(millis -> Math.max(10, Math.min(millis, IDLE_POLL_MILLIS))).orElse(IDLE_POLL_MILLIS);
                lock.lock();
                try {
                    if (!woken) {
                        wakeUp.await(wait, TimeUnit.MILLISECONDS);
                    }
                    woken = false;
                } finally {
                    lock.unlock();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("outbox worker loop failed; retrying in a second", e);
                sleepQuietly();
            }
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(IDLE_POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
