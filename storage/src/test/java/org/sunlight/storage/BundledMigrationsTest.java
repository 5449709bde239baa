package org.sunlight.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link Database#open} skips Flyway only when the history holds exactly the bundled migrations;
 * these tests pin the list, the checksums and every way a history can differ.
 */
@ParameterizedClass
@EnumSource(Dialect.class)
class BundledMigrationsTest {

    @Parameter
    Dialect dialect;

    @TempDir
    Path directory;

    @Test
    void theFixedListNamesEveryFileInTheDialectsMigrationFolder() throws Exception {
        assertThat(BundledMigrations.schema(dialect).scripts())
                .isEqualTo(files(BundledMigrations.schema(dialect).folder()));
        if (dialect == Dialect.POSTGRESQL) {
            assertThat(BundledMigrations.quartz().scripts()).isEqualTo(files(BundledMigrations.QUARTZ_FOLDER));
        }
    }

    @Test
    void checksumsVersionsAndDescriptionsEqualWhatFlywayStoresAfterARealMigrate() {
        Jdbi jdbi = TestDatabases.open(dialect, directory);
        BundledMigrations bundled = BundledMigrations.schema(dialect);

        List<Map<String, Object>> history = jdbi.withHandle(handle -> handle.createQuery(
                "SELECT version, description, type, script, checksum FROM flyway_schema_history "
                        + "ORDER BY installed_rank").mapToMap().list());

        assertThat(history).hasSize(bundled.scripts().size());
        for (int i = 0; i < history.size(); i++) {
            String script = bundled.scripts().get(i);
            Map<String, Object> row = history.get(i);
            assertThat(row.get("script")).isEqualTo(script);
            assertThat(row.get("version")).isEqualTo(BundledMigrations.version(script));
            assertThat(row.get("description")).isEqualTo(BundledMigrations.description(script));
            assertThat(row.get("type")).isEqualTo("SQL");
            assertThat(((Number) row.get("checksum")).intValue()).as(script).isEqualTo(bundled.checksum(script));
        }
        assertThat(bundled.applied(dataSource(jdbi), BundledMigrations.SCHEMA_HISTORY)).isTrue();
        if (dialect == Dialect.POSTGRESQL) {
            assertThat(BundledMigrations.quartz().applied(dataSource(jdbi), BundledMigrations.QUARTZ_HISTORY))
                    .isTrue();
        }
    }

    @Test
    void aNewDatabaseIsNotTakenForMigrated() {
        Assumptions.assumeTrue(dialect == Dialect.SQLITE, "an empty SQLite file is a new database");

        assertThat(BundledMigrations.schema(dialect).applied(Database.dataSource(directory.resolve("new.db")),
                BundledMigrations.SCHEMA_HISTORY)).isFalse();
    }

    @Test
    void aHistoryMissingTheLastMigrationIsNotTakenForMigratedAndOpenAppliesIt() {
        Assumptions.assumeTrue(dialect == Dialect.SQLITE, "a partial migrate needs a fresh database");
        DataSource dataSource = Database.dataSource(directory.resolve("sunlight.db"));
        List<String> scripts = BundledMigrations.SCHEMA;
        String beforeLast = BundledMigrations.version(scripts.get(scripts.size() - 2));
        Flyway.configure().dataSource(dataSource).locations(dialect.migrations()).target(beforeLast).load().migrate();

        assertThat(BundledMigrations.schema(dialect).applied(dataSource, BundledMigrations.SCHEMA_HISTORY)).isFalse();

        Jdbi jdbi = Database.open(directory.resolve("sunlight.db"));
        int applied = jdbi.withHandle(handle -> handle.createQuery("SELECT count(*) FROM flyway_schema_history")
                .mapTo(Integer.class).one());
        assertThat(applied).isEqualTo(scripts.size());
        assertThat(BundledMigrations.schema(dialect).applied(dataSource(jdbi), BundledMigrations.SCHEMA_HISTORY))
                .isTrue();
    }

    @Test
    void aChangedMigrationIsStillRefusedByFlywaysValidation() {
        DatabaseSettings settings = TestDatabases.settings(dialect, directory);
        Jdbi jdbi = Database.open(settings);
        jdbi.useHandle(handle -> handle.execute(
                "UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '1'"));

        assertThat(BundledMigrations.schema(dialect).applied(dataSource(jdbi), BundledMigrations.SCHEMA_HISTORY))
                .isFalse();
        assertThatThrownBy(() -> Database.open(settings))
                .isInstanceOf(FlywayValidateException.class).hasMessageContaining("checksum mismatch");
    }

    @Test
    void aFailedExtraOrRenamedEntryIsNotTakenForMigrated() {
        Jdbi jdbi = TestDatabases.open(dialect, directory);
        BundledMigrations bundled = BundledMigrations.schema(dialect);
        DataSource dataSource = dataSource(jdbi);
        String last = String.valueOf(bundled.scripts().size());

        jdbi.useHandle(handle -> handle.execute("UPDATE flyway_schema_history SET success = "
                + (dialect == Dialect.SQLITE ? "0" : "false") + " WHERE version = '" + last + "'"));
        assertThat(bundled.applied(dataSource, BundledMigrations.SCHEMA_HISTORY)).isFalse();
        jdbi.useHandle(handle -> handle.execute("UPDATE flyway_schema_history SET success = "
                + (dialect == Dialect.SQLITE ? "1" : "true") + " WHERE version = '" + last + "'"));
        assertThat(bundled.applied(dataSource, BundledMigrations.SCHEMA_HISTORY)).isTrue();

        jdbi.useHandle(handle -> handle.execute("UPDATE flyway_schema_history SET description = 'renamed' "
                + "WHERE version = '" + last + "'"));
        assertThat(bundled.applied(dataSource, BundledMigrations.SCHEMA_HISTORY)).isFalse();
        jdbi.useHandle(handle -> handle.execute("UPDATE flyway_schema_history SET description = '"
                + BundledMigrations.description(bundled.scripts().get(bundled.scripts().size() - 1))
                + "' WHERE version = '" + last + "'"));
        assertThat(bundled.applied(dataSource, BundledMigrations.SCHEMA_HISTORY)).isTrue();

        jdbi.useHandle(handle -> handle.execute("INSERT INTO flyway_schema_history (installed_rank, version, "
                + "description, type, script, checksum, installed_by, execution_time, success) SELECT "
                + "max(installed_rank) + 1, '99', 'from a newer build', 'SQL', 'V99__from_a_newer_build.sql', 1, "
                + "'test', 0, " + (dialect == Dialect.SQLITE ? "1" : "true") + " FROM flyway_schema_history"));
        assertThat(bundled.applied(dataSource, BundledMigrations.SCHEMA_HISTORY)).isFalse();
    }

    private static DataSource dataSource(Jdbi jdbi) {
        return jdbi.getConfig(StorageConfig.class).dataSource();
    }

    private List<String> files(String folder) throws IOException, URISyntaxException {
        Path path = Path.of(getClass().getClassLoader().getResource(folder).toURI());
        try (Stream<Path> files = Files.list(path)) {
            // Flyway orders by version, not by name: V10 comes after V9.
            return files.map(file -> file.getFileName().toString())
                    .sorted(Comparator.comparing(name -> Integer.parseInt(BundledMigrations.version(name))))
                    .collect(Collectors.toList());
        }
    }
}
