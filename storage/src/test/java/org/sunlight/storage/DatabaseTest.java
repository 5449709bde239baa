package org.sunlight.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {

    @TempDir
    Path directory;

    @Test
    void opensAFileWithWalForeignKeysAndABusyTimeout() {
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
        TestDatabases.open(directory);
        Jdbi reopened = TestDatabases.open(directory);

        int migrations = reopened.withHandle(handle -> handle.createQuery(
                "SELECT count(*) FROM flyway_schema_history WHERE success = 1").mapTo(Integer.class).one());
        assertThat(migrations).isGreaterThanOrEqualTo(1);
        assertThat(TestDatabases.snapshot(reopened)).containsKeys("town", "community", "complex", "person",
                "person_role", "channel_binding", "audit_log");
    }

    @Test
    void refusesRowsThatBreakForeignKeys() {
        Jdbi jdbi = TestDatabases.open(directory);

        assertThatThrownBy(() -> jdbi.useHandle(handle -> handle.execute(
                "INSERT INTO community (town_id, code, name) VALUES (999, 'x', 'x')")))
                .hasMessageContaining("FOREIGN KEY");
    }

    @Test
    void storesMoneyOnlyAsIntegers() {
        Jdbi jdbi = TestDatabases.open(directory);
        jdbi.useHandle(handle -> handle.execute("INSERT INTO town (code, name) VALUES ('t', '镇')"));
        jdbi.useHandle(handle -> handle.execute("INSERT INTO community (town_id, code, name) VALUES (1, 'c', '社区')"));

        assertThatThrownBy(() -> jdbi.useHandle(handle -> handle.execute(
                "INSERT INTO complex (community_id, code, name, households, fund_first_deposit_fen) "
                        + "VALUES (1, 'x', '小区', 10, 12.5)")))
                .hasMessageContaining("cannot store REAL value in INTEGER column");
    }
}
