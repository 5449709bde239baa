package org.sunlight.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

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
    void opensAFileWithWalForeignKeysAndABusyTimeout() {
        Assumptions.assumeTrue(dialect == Dialect.SQLITE, "pragmas are SQLite's");
        Jdbi jdbi = TestDatabases.open(directory);

        jdbi.useHandle(handle -> {
            assertThat(handle.createQuery("PRAGMA journal_mode").mapTo(String.class).one()).isEqualTo("wal");
            assertThat(handle.createQuery("PRAGMA foreign_keys").mapTo(Integer.class).one()).isEqualTo(1);
            assertThat(handle.createQuery("PRAGMA busy_timeout").mapTo(Integer.class).one())
                    .isEqualTo(Database.BUSY_TIMEOUT_MILLIS);
            assertThat(handle.createQuery("PRAGMA synchronous").mapTo(Integer.class).one()).isEqualTo(2);
        });
        assertThat(directory.resolve("sunlight.db")).exists();
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
