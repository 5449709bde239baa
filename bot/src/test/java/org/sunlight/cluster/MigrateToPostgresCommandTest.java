package org.sunlight.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sunlight.Main;
import org.sunlight.app.Sunlight;
import org.sunlight.app.TestSunlight;
import org.sunlight.channel.Conversation;
import org.sunlight.channel.InboundMessage;
import org.sunlight.cli.CommandLine;
import org.sunlight.storage.Database;
import org.sunlight.storage.DatabaseCopy;
import org.sunlight.storage.DatabaseSettings;
import org.sunlight.storage.Dialect;
import org.sunlight.storage.PostgresServer;
import org.sunlight.storage.TestDatabases;

class MigrateToPostgresCommandTest {

    @TempDir
    Path directory;

    @Test
    void copiesEverythingFromSqliteAndVerifiesTheAuditChainOnPostgres() {
        try (Sunlight sunlight = TestSunlight.create(directory, Clock.fixed(TestSunlight.NOW, ZoneOffset.UTC),
                Dialect.SQLITE)) {
            for (int i = 1; i <= 3; i++) {
                sunlight.inbound().accept(new InboundMessage("ask-" + i, new Conversation("sandbox",
                        "complex:jinxiu:owners", true, 1L), "wang-fang", "提问 第" + i + "个问题",
                        Instant.parse("2026-03-02T02:00:00Z")));
            }
            sunlight.inbound().processPending();
            sunlight.outboxWorker().deliverDue();
        }
        DatabaseSettings target = PostgresServer.freshDatabase();
        StringWriter out = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out));

        int exit = commandLine.execute("migrate-to-postgres", "--data-dir", directory.resolve("data").toString(),
                "--to", target.url(), "--user", target.user());

        assertThat(exit).as(out.toString()).isZero();
        assertThat(out.toString()).contains("row counts match", "audit log intact on PostgreSQL");
        Jdbi sqlite = Database.open(directory.resolve("data").resolve("sunlight.db"));
        Jdbi postgres = Database.open(target);
        List<String> tables = TestDatabases.tables(sqlite);
        assertThat(DatabaseCopy.rowCounts(postgres, tables)).isEqualTo(DatabaseCopy.rowCounts(sqlite, tables));
        assertThat(DatabaseCopy.rowCounts(postgres, List.of("question")).get("question")).isEqualTo(3L);
        // Identity sequences were moved past the copied ids: the next row gets a fresh id.
        long nextTown = postgres.withHandle(handle -> handle.createUpdate("INSERT INTO town (code, name) "
                + "VALUES ('new', '新镇')").executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        long maxCopied = sqlite.withHandle(handle -> handle.createQuery("SELECT max(id) FROM town")
                .mapTo(Long.class).one());
        assertThat(nextTown).isGreaterThan(maxCopied);
    }

    @Test
    void refusesATargetThatAlreadyHoldsRows() {
        try (Sunlight sunlight = TestSunlight.create(directory, Clock.fixed(TestSunlight.NOW, ZoneOffset.UTC),
                Dialect.SQLITE)) {
            sunlight.registry();
        }
        DatabaseSettings target = PostgresServer.freshDatabase();
        Jdbi postgres = Database.open(target);
        postgres.useHandle(handle -> handle.execute("INSERT INTO town (code, name) VALUES ('x', '已有')"));
        Jdbi sqlite = Database.open(directory.resolve("data").resolve("sunlight.db"));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DatabaseCopy.copy(sqlite, postgres))
                .hasMessageContaining("not empty");
        assertThat(DatabaseCopy.rowCounts(postgres, List.of("town")).get("town")).isEqualTo(1L);
    }
}
