package org.sunlight.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqlitePoolTest {

    @TempDir
    Path directory;

    @Test
    void aClosedHandleLeavesItsConnectionForTheNextOne() {
        Jdbi jdbi = TestDatabases.open(directory);

        long first = jdbi.withHandle(handle -> connectionIdentity(handle.getConnection()));
        long second = jdbi.withHandle(handle -> connectionIdentity(handle.getConnection()));

        assertThat(second).isEqualTo(first);
    }

    @Test
    void aConnectionReturnedInsideATransactionIsRolledBackBeforeReuse() throws Exception {
        SqlitePool pool = pool(1);
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute("INSERT INTO town (code, name) VALUES ('lost', '丢')");
        }

        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            assertThat(connection.getAutoCommit()).isTrue();
            var rows = statement.executeQuery("SELECT count(*) FROM town WHERE code = 'lost'");
            rows.next();
            assertThat(rows.getInt(1)).isZero();
        }
    }

    @Test
    void aReturnedConnectionCannotBeUsedAgainThroughTheOldReference() throws Exception {
        SqlitePool pool = pool(2);
        Connection connection = pool.getConnection();
        connection.close();

        assertThat(connection.isClosed()).isTrue();
        assertThatThrownBy(connection::createStatement).isInstanceOf(SQLException.class)
                .hasMessageContaining("returned to the pool");
    }

    @Test
    void moreConnectionsThanTheIdleCapAreOpenedWithoutWaitingAndTheSurplusIsClosed() throws Exception {
        SqlitePool pool = pool(2);
        List<Connection> held = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            held.add(pool.getConnection()); // a bounded pool of 2 would block on the third
        }
        List<Connection> real = new ArrayList<>();
        for (Connection connection : held) {
            real.add(connection.unwrap(Connection.class));
            connection.close();
        }

        assertThat(real.stream().filter(this::isOpen)).hasSize(2);
    }

    @Test
    void nestedHandlesInsideAWriteTransactionNeverWaitForAConnection() throws Exception {
        Jdbi jdbi = TestDatabases.open(directory);
        int threads = Database.IDLE_SQLITE_CONNECTIONS * 2;
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                writers.add(executor.submit(() -> {
                    start.await();
                    jdbi.useTransaction(handle -> {
                        handle.execute("INSERT INTO town (code, name) VALUES (?, '镇')", "t" + thread);
                        // A read on another connection while holding the write lock.
                        jdbi.useHandle(nested -> nested.createQuery("SELECT count(*) FROM town")
                                .mapTo(Integer.class).one());
                    });
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> writer : writers) {
                writer.get(30, TimeUnit.SECONDS);
            }
        } finally {
            executor.shutdownNow();
        }

        int towns = jdbi.withHandle(handle -> handle.createQuery("SELECT count(*) FROM town")
                .mapTo(Integer.class).one());
        assertThat(towns).isEqualTo(threads);
    }

    @Test
    void closingThePoolClosesItsIdleConnections() throws Exception {
        SqlitePool pool = pool(4);
        Connection connection = pool.getConnection();
        Connection real = connection.unwrap(Connection.class);
        connection.close();
        assertThat(isOpen(real)).isTrue();

        pool.close();

        assertThat(isOpen(real)).isFalse();
    }

    private SqlitePool pool(int maxIdle) {
        TestDatabases.open(directory); // migrated schema
        return new SqlitePool(Database.dataSource(directory.resolve("sunlight.db")), maxIdle);
    }

    private boolean isOpen(Connection connection) {
        try {
            return !connection.isClosed();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long connectionIdentity(Connection connection) {
        try {
            return System.identityHashCode(connection.unwrap(Connection.class));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theWalIsCopiedIntoTheDatabaseInTheBackgroundNotByTheCommittingConnection() throws Exception {
        Jdbi jdbi = TestDatabases.open(directory);
        Path file = directory.resolve("sunlight.db");
        int autocheckpoint = jdbi.withHandle(handle -> handle.createQuery("PRAGMA wal_autocheckpoint")
                .mapTo(Integer.class).one());
        assertThat(autocheckpoint).isEqualTo(Database.AUTOCHECKPOINT_PAGES);
        long before = Files.size(file);

        // About 2 MB in one commit: over SQLite's default threshold (1,000 pages), under the backstop.
        jdbi.useTransaction(handle -> {
            for (int i = 0; i < 500; i++) {
                handle.execute("INSERT INTO town (code, name) VALUES (?, ?)", "big-" + i, "镇".repeat(1_300));
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Files.size(file) < before + 1_000_000 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }

        assertThat(Files.size(file)).isGreaterThan(before + 1_000_000);
    }
}
