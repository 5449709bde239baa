package org.sunlight.storage;

import java.io.PrintWriter;
import java.lang.ref.Cleaner;
import java.lang.ref.WeakReference;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import javax.sql.DataSource;

/**
 * Keeps a few open SQLite connections for reuse. Opening one (file, pragmas, schema parse) was
 * measured at about 0.7 ms, against about 12 µs for a simple query on an open one, and every
 * {@code withHandle} opened one: a statement page opened three or four, an inbound message more.
 *
 * <p>It never blocks: a caller takes an idle connection or, when none is idle, opens a new one; a
 * returned connection is kept if fewer than {@code maxIdle} are idle and closed otherwise. A bounded
 * pool could deadlock here: a thread holding the write lock ({@link SerializedWrites}) may open a
 * nested handle while every pooled connection belongs to threads queued for that lock.
 *
 * <p>A returned connection is rolled back if it still has a transaction open and discarded if it
 * was closed or made read-only. Idle connections are closed by {@link #close()}, or when the pool
 * becomes unreachable (tests open many databases and drop them). The pool also checkpoints the WAL
 * in the background every {@value #CHECKPOINT_MILLIS} ms. Thread-safe.
 */
final class SqlitePool implements DataSource, AutoCloseable {

    private static final Cleaner CLEANER = Cleaner.create();

    /**
     * How often the WAL is checkpointed in the background. The committing connection no longer does
     * it (see {@link Database#AUTOCHECKPOINT_PAGES}): a sweep page or a quarter-close batch writes more
     * than SQLite's default 1,000 pages, so every such commit also copied the WAL into the database
     * and fsynced it, inside the transaction's time.
     */
    static final long CHECKPOINT_MILLIS = 250;

    /** One daemon thread for every pool's checkpoints; it holds pools only weakly. */
    private static final ScheduledExecutorService CHECKPOINTS = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "sqlite-checkpoint");
        thread.setDaemon(true);
        return thread;
    });

    private final DataSource opener;
    private final IdleConnections idle;
    private final Cleaner.Cleanable cleanable;

    SqlitePool(DataSource opener, int maxIdle) {
        this.opener = opener;
        this.idle = new IdleConnections(new ArrayBlockingQueue<>(maxIdle));
        WeakReference<SqlitePool> self = new WeakReference<>(this);
        idle.checkpoints = CHECKPOINTS.scheduleWithFixedDelay(() -> checkpoint(self), CHECKPOINT_MILLIS,
                CHECKPOINT_MILLIS, TimeUnit.MILLISECONDS);
        this.cleanable = CLEANER.register(this, idle);
    }

    /**
     * A PASSIVE checkpoint: copies what it can of the WAL into the database without waiting for
     * readers or writers (writers go on appending meanwhile), so the WAL stays short.
     */
    private static void checkpoint(WeakReference<SqlitePool> reference) {
        SqlitePool pool = reference.get();
        if (pool == null || pool.idle.closed) {
            return;
        }
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA wal_checkpoint(PASSIVE)");
        } catch (SQLException | RuntimeException e) {
            // Busy or closing: the next round tries again, and SQLite's own backstop bounds the WAL.
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection connection = idle.connections.poll();
        if (connection == null || connection.isClosed()) {
            connection = opener.getConnection();
        }
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, new Lease(this, connection));
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return getConnection();
    }

    /** Closes the idle connections; connections in use are closed when they come back. */
    @Override
    public void close() {
        cleanable.clean();
    }

    private void release(Connection connection) {
        boolean keep;
        try {
            if (connection.isClosed()) {
                return;
            }
            if (!connection.getAutoCommit()) {
                connection.rollback();
                connection.setAutoCommit(true);
            }
            connection.clearWarnings();
            keep = !connection.isReadOnly() && !idle.closed && idle.connections.offer(connection);
        } catch (SQLException e) {
            keep = false;
        }
        if (!keep) {
            IdleConnections.closeQuietly(connection);
        } else if (idle.closed) {
            idle.run(); // closed while this one was being returned
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return opener.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        opener.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        opener.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return opener.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return opener.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        return opener.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || opener.isWrapperFor(type);
    }

    /** The idle connections; also the cleaning action, so it must not refer to the pool. */
    private static final class IdleConnections implements Runnable {
        private final BlockingQueue<Connection> connections;
        private volatile boolean closed;
        private volatile ScheduledFuture<?> checkpoints;

        IdleConnections(BlockingQueue<Connection> connections) {
            this.connections = connections;
        }

        @Override
        public void run() {
            closed = true;
            if (checkpoints != null) {
                checkpoints.cancel(false);
            }
            Connection connection;
            while ((connection = connections.poll()) != null) {
                closeQuietly(connection);
            }
        }

        static void closeQuietly(Connection connection) {
            try {
                connection.close();
            } catch (SQLException e) {
                // Nothing to do: the connection is gone either way.
            }
        }
    }

    /** One use of a connection: closing it hands the connection back instead. */
    private static final class Lease implements InvocationHandler {
        private final SqlitePool pool;
        private final Connection connection;
        private boolean returned;

        Lease(SqlitePool pool, Connection connection) {
            this.pool = pool;
            this.connection = connection;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "close":
                    if (!returned) {
                        returned = true;
                        pool.release(connection);
                    }
                    return null;
                case "isClosed":
                    return returned || connection.isClosed();
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "toString":
                    return "pooled " + connection;
                default:
                    if (returned) {
                        throw new SQLException("this connection was already returned to the pool");
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
            }
        }
    }
}
