package org.sunlight.conversation;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sunlight.channel.Conversation;
import org.sunlight.channel.InboundMessage;
import org.sunlight.conversation.InboundPipeline.Accepted;

/**
 * Makes accepted messages durable with group commit: callers hand their message to one writer
 * thread and wait; the writer inserts everything waiting in one transaction and commits once
 * (with {@code synchronous=FULL}, one fsync for the whole batch). A caller returns only after its
 * message is committed, so what a channel is told "received" survives power loss. A batch that
 * fails is retried message by message, so one bad message cannot fail the others. Before
 * {@link #start()}, each message is written in its own transaction on the caller's thread.
 * Thread-safe.
 */
final class InboundWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InboundWriter.class);
    private static final int MAX_BATCH = 512;
    private static final long WAIT_SECONDS = 10;

    private final Jdbi jdbi;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(8_192);
    private volatile boolean running;
    private Thread thread;

    InboundWriter(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    void start() {
        running = true;
        thread = new Thread(this::run, "inbound-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stores the message (once per channel and dedup key) and returns its row once committed. */
    Accepted write(InboundMessage message) {
        if (!running) {
            return jdbi.inTransaction(handle -> insert(handle, message));
        }
        Pending pending = new Pending(message, new CompletableFuture<>());
        try {
            if (!queue.offer(pending, WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("inbound queue full: shedding load");
            }
            return pending.result().get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while storing an inbound message", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("storing an inbound message failed", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("storing an inbound message timed out", e);
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        // One connection for the writer's life: opening a SQLite connection (file, pragmas, WAL check)
        // per batch cost as much as a small batch's inserts.
        Handle handle = null;
        try {
            while (running || !queue.isEmpty()) {
                try {
                    Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    queue.drainTo(batch, MAX_BATCH - 1);
                    if (handle == null) {
                        handle = jdbi.open();
                    }
                    if (!commit(handle, batch)) {
                        handle.close(); // the connection may be what failed: the next batch opens a new one
                        handle = null;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                } catch (RuntimeException e) {
                    // Opening a connection failed: fail this batch, keep the writer alive for the next.
                    LOG.error("the inbound writer cannot reach the database", e);
                    batch.forEach(pending -> pending.result().completeExceptionally(e));
                    handle = null;
                } finally {
                    batch.clear();
                }
            }
        } finally {
            if (handle != null) {
                handle.close();
            }
        }
    }

    /** Commits the batch; false when it had to fall back to one transaction per message. */
    private boolean commit(Handle writerHandle, List<Pending> batch) {
        try {
            List<Accepted> results = writerHandle.inTransaction(handle -> {
                List<Accepted> accepted = new ArrayList<>(batch.size());
                for (Pending pending : batch) {
                    accepted.add(insert(handle, pending.message()));
                }
                return accepted;
            });
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result().complete(results.get(i));
            }
            return true;
        } catch (RuntimeException batchFailure) {
            LOG.warn("a batch of {} inbound messages failed; storing them one by one", batch.size(), batchFailure);
            for (Pending pending : batch) {
                try {
                    pending.result().complete(jdbi.inTransaction(handle -> insert(handle, pending.message())));
                } catch (RuntimeException failure) {
                    pending.result().completeExceptionally(failure);
                }
            }
            return false;
        }
    }

    private static Accepted insert(Handle handle, InboundMessage message) {
        Conversation conversation = message.conversation();
        int inserted = handle.createUpdate("INSERT INTO inbound_message (channel, dedup_key, conversation, is_group, "
                        + "complex_id, sender, text, received_at) VALUES (:channel, :key, :conversation, :group, "
                        + ":complexId, :sender, :text, :at) ON CONFLICT (channel, dedup_key) DO NOTHING")
                .bind("channel", conversation.channel()).bind("key", message.dedupKey())
                .bind("conversation", conversation.target()).bind("group", conversation.group() ? 1 : 0)
                .bind("complexId", conversation.complexId()).bind("sender", message.sender())
                .bind("text", message.text()).bind("at", message.receivedAt().toEpochMilli())
                .execute();
        long id = handle.createQuery("SELECT id FROM inbound_message WHERE channel = :channel AND dedup_key = :key")
                .bind("channel", conversation.channel()).bind("key", message.dedupKey()).mapTo(Long.class).one();
        return new Accepted(id, inserted == 0);
    }

    @Override
    public void close() {
        running = false;
        if (thread != null) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private record Pending(InboundMessage message, CompletableFuture<Accepted> result) {
    }
}
