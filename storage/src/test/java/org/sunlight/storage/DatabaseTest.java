package org.sunlight.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import java.util.Locale;

import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(Dialect.class)
class DatabaseTest {

    @Parameter
    Dialect dialect;

    @TempDir
    Path directory;

    @Test
    void opensAFileWithWalForeignKeysAndFullSynchronous() {
        Assumptions.assumeTrue(dialect == Dialect.SQLITE, "pragmas are SQLite's");
        Jdbi jdbi = TestDatabases.open(directory);

        jdbi.useHandle(handle -> {
            assertThat(handle.createQuery("PRAGMA journal_mode").mapTo(String.class).one()).isEqualTo("wal");
            assertThat(handle.createQuery("PRAGMA foreign_keys").mapTo(Integer.class).one()).isEqualTo(1);
            assertThat(handle.createQuery("PRAGMA synchronous").mapTo(Integer.class).one()).isEqualTo(2);
        });
        assertThat(directory.resolve("sunlight.db")).exists();
    }

    @Test
    void aWriteThatMeetsAnotherWritersLockWaitsForItInsteadOfFailing() throws Exception {
        Assumptions.assumeTrue(dialect == Dialect.SQLITE, "SQLite's file lock and busy handler");
        Jdbi jdbi = TestDatabases.open(directory);
        try (Connection holder = Database.dataSource(directory.resolve("sunlight.db")).getConnection();
             Statement statement = holder.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            statement.execute("INSERT INTO town (code, name) VALUES ('first', '先')");
            Thread release = new Thread(() -> {
                try {
                    Thread.sleep(300);
                    statement.execute("COMMIT");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            release.start();

            jdbi.useHandle(handle -> handle.execute("INSERT INTO town (code, name) VALUES ('second', '后')"));
            release.join();
        }

        List<String> towns = jdbi.withHandle(handle -> handle.createQuery("SELECT code FROM town ORDER BY id")
                .mapTo(String.class).list());
        assertThat(towns).containsExactly("first", "second");
    }

    @Test
    void transactionsOnManyThreadsAllCommit() throws Exception {
        Jdbi jdbi = TestDatabases.open(directory);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            threads.add(new Thread(() -> {
                for (int i = 0; i < 25; i++) {
                    int n = i;
                    jdbi.useTransaction(handle -> handle.execute("INSERT INTO town (code, name) VALUES (?, ?)",
                            "t" + thread + "-" + n, "镇"));
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }

        int towns = jdbi.withHandle(handle -> handle.createQuery("SELECT count(*) FROM town").mapTo(Integer.class)
                .one());
        assertThat(towns).isEqualTo(200);
    }

    @Test
    void migratesOnceAndReopensWithoutChanges() {
        DatabaseSettings settings = TestDatabases.settings(dialect, directory);
        Database.open(settings);
        Jdbi reopened = Database.open(settings);

        int migrations = reopened.withHandle(handle -> handle.createQuery(
                "SELECT count(*) FROM flyway_schema_history WHERE success").mapTo(Integer.class).one());
        assertThat(migrations).isGreaterThanOrEqualTo(1);
        assertThat(TestDatabases.snapshot(reopened)).containsKeys("town", "community", "complex", "person",
                "person_role", "channel_binding", "audit_log");
    }

    @Test
    void refusesRowsThatBreakForeignKeys() {
        Jdbi jdbi = TestDatabases.open(dialect, directory);

        assertThatThrownBy(() -> jdbi.useHandle(handle -> handle.execute(
                "INSERT INTO community (town_id, code, name) VALUES (999, 'x', 'x')")))
                .satisfies(e -> assertThat(e.getMessage().toLowerCase(Locale.ROOT)).contains("foreign key"));
    }

    @Test
    void storesMoneyOnlyAsIntegers() {
        // PostgreSQL rounds 12.5 into a BIGINT column; the code binds longs, STRICT is SQLite's extra net.
        Assumptions.assumeTrue(dialect == Dialect.SQLITE, "STRICT tables are SQLite's");
        Jdbi jdbi = TestDatabases.open(directory);
        jdbi.useHandle(handle -> handle.execute("INSERT INTO town (code, name) VALUES ('t', '镇')"));
        jdbi.useHandle(handle -> handle.execute("INSERT INTO community (town_id, code, name) VALUES (1, 'c', '社区')"));

        assertThatThrownBy(() -> jdbi.useHandle(handle -> handle.execute(
                "INSERT INTO complex (community_id, code, name, households, fund_first_deposit_fen) "
                        + "VALUES (1, 'x', '小区', 10, 12.5)")))
                .hasMessageContaining("cannot store REAL value in INTEGER column");
    }

    @Test
    void keepsLedgersAppendOnlyByTrigger() {
        Jdbi jdbi = TestDatabases.open(dialect, directory);
        jdbi.useHandle(handle -> {
            handle.execute("INSERT INTO town (code, name) VALUES ('t', '镇')");
            handle.execute("INSERT INTO community (town_id, code, name) VALUES (1, 'c', '社区')");
            handle.execute("INSERT INTO complex (community_id, code, name, households, fund_first_deposit_fen) "
                    + "VALUES (1, 'x', '小区', 10, 0)");
            handle.execute("INSERT INTO ledger_period (complex_id, kind, period, filed_at, filed_by) "
                    + "VALUES (1, 'utility', '2026Q1', 0, 'chen')");
        });

        assertThatThrownBy(() -> jdbi.useHandle(handle -> handle.execute("DELETE FROM ledger_period")))
                .hasMessageContaining("append-only");
        assertThat(TestDatabases.snapshot(jdbi).get("ledger_period")).hasSize(1);
    }

    @Test
    void givesIdentifiersFromOneUpwards() {
        Jdbi jdbi = TestDatabases.open(dialect, directory);

        long id = jdbi.withHandle(handle -> handle.createUpdate("INSERT INTO town (code, name) VALUES ('t', '镇')")
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());

        assertThat(id).isEqualTo(1L);
    }
}
