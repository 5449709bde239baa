package org.sunlight.conversation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
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
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
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
    private static final String INSERT = "INSERT INTO inbound_message (channel, dedup_key, conversation, is_group, "
            + "complex_id, sender, text, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT (channel, dedup_key) DO NOTHING";
    private static final String FIND = "SELECT id FROM inbound_message WHERE channel = ? AND dedup_key = ?";

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
            List<InboundMessage> messages = batch.stream().map(Pending::message).toList();
            List<Accepted> results = writerHandle.inTransaction(handle -> insertAll(handle, messages));
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
        return insertAll(handle, List.of(message)).get(0);
    }

    /**
     * Inserts the batch's messages (a repeated channel and key is a duplicate) and returns their rows, in
     * order. Plain JDBC on two statements prepared once per batch: through Jdbi, each message cost two
     * statement set-ups, most of the writer's time under load.
     */
    private static List<Accepted> insertAll(Handle handle, List<InboundMessage> messages) {
        List<Accepted> accepted = new ArrayList<>(messages.size());
        Connection connection = handle.getConnection();
        try (PreparedStatement insert = connection.prepareStatement(INSERT);
             PreparedStatement find = connection.prepareStatement(FIND)) {
            for (InboundMessage message : messages) {
                Conversation conversation = message.conversation();
                insert.setString(1, conversation.channel());
                insert.setString(2, message.dedupKey());
                insert.setString(3, conversation.target());
                insert.setInt(4, conversation.group() ? 1 : 0);
                if (conversation.complexId() == null) {
                    insert.setNull(5, Types.BIGINT);
                } else {
                    insert.setLong(5, conversation.complexId());
                }
                insert.setString(6, message.sender());
                insert.setString(7, message.text());
                insert.setLong(8, message.receivedAt().toEpochMilli());
                int inserted = insert.executeUpdate();
                find.setString(1, conversation.channel());
                find.setString(2, message.dedupKey());
                try (ResultSet row = find.executeQuery()) {
                    if (!row.next()) {
                        throw new SQLException("inbound message " + message.dedupKey() + " vanished after its insert");
                    }
                    accepted.add(new Accepted(row.getLong(1), inserted == 0));
                }
            }
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException("storing inbound messages failed", e, null);
        }
        return accepted;
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
