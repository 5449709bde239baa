package org.sunlight.storage;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

import javax.sql.DataSource;

/**
 * The migrations bundled in a Flyway location, named in a fixed list (a jar cannot be listed
 * cheaply; a test checks the list against the folder), and whether a database's Flyway history
 * already holds exactly them. Starting Flyway costs about half a second of CPU at every start
 * (hundreds of classes, its resource scanner); when the history matches there is nothing for it to
 * do, and when anything differs {@link Database} runs Flyway as before, which applies or refuses.
 */
final class BundledMigrations {

    /** Sunlight's schema, the same file names in each dialect's folder (see {@code MigrationParityTest}). */
    static final List<String> SCHEMA = List.of(
            "V1__registry_and_audit.sql",
            "V2__messaging.sql",
            "V3__schedules_and_escalation.sql",
            "V4__ledgers_and_disclosure.sql",
            "V5__questions_escalation_dashboard.sql",
            "V6__wechat.sql",
            "V7__governance.sql",
            "V8__statement_charts.sql",
            "V9__league_statistics.sql",
            "V10__pending_reminders_index.sql",
            "V11__deployment_state.sql");

    /** Flyway's default history table, which holds Sunlight's schema. */
    static final String SCHEMA_HISTORY = "flyway_schema_history";

    /** Quartz's tables for the clustered job store (PostgreSQL only), with a history of their own. */
    static final String QUARTZ_FOLDER = "db/quartz/postgresql";
    static final String QUARTZ_HISTORY = "flyway_quartz_history";
    static final List<String> QUARTZ = List.of("V1__quartz_tables.sql");

    /** The row {@code baselineOnMigrate} writes first, as Flyway records it (no checksum). */
    private static final String BASELINE = "<< Flyway Baseline >>";

    private final String folder;
    private final List<String> scripts;
    private final String baselineVersion;

    /**
     * {@code folder} is a class-path folder such as {@code db/migration/sqlite}, without {@code classpath:};
     * {@code baselineVersion} is that of the baseline row expected before the scripts, or null for none.
     */
    BundledMigrations(String folder, List<String> scripts, String baselineVersion) {
        this.folder = folder;
        this.scripts = List.copyOf(scripts);
        this.baselineVersion = baselineVersion;
    }

    /** Sunlight's own migrations for a dialect. */
    static BundledMigrations schema(Dialect dialect) {
        return new BundledMigrations(dialect.migrations().substring("classpath:".length()), SCHEMA, null);
    }

    /**
     * Quartz's tables (PostgreSQL only). Their history starts with a baseline at version 0, because
     * Sunlight's own tables are always there first ({@code baselineOnMigrate}).
     */
    static BundledMigrations quartz() {
        return new BundledMigrations(QUARTZ_FOLDER, QUARTZ, "0");
    }

    String folder() {
        return folder;
    }

    List<String> scripts() {
        return scripts;
    }

    /**
     * True when {@code table} lists exactly these migrations, in order, each successful, with the
     * version, description, type and checksum Flyway would record for the bundled file now. False
     * on any difference, and when the table cannot be read (a new database).
     */
    boolean applied(DataSource dataSource, String table) {
        List<List<String>> expected = new ArrayList<>();
        if (baselineVersion != null) {
            expected.add(Arrays.asList(baselineVersion, BASELINE, "BASELINE", BASELINE, null));
        }
        for (String script : scripts) {
            expected.add(List.of(version(script), description(script), "SQL", script, String.valueOf(checksum(script))));
        }
        List<List<String>> actual = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT version, description, type, script, checksum, success "
                     + "FROM " + table + " ORDER BY installed_rank")) {
            while (rows.next()) {
                if (!rows.getBoolean(6)) {
                    return false;
                }
                // Arrays.asList keeps the nulls Flyway writes for some rows (e.g. no version, no checksum).
                actual.add(Arrays.asList(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                        rows.getString(5)));
            }
        } catch (SQLException e) {
            // No history table yet, or one Flyway would have to create or repair: Flyway decides.
            return false;
        }
        return actual.equals(expected);
    }

    /**
     * The checksum Flyway (13.x, {@code ChecksumCalculator}) stores for a SQL migration: CRC32 over the
     * UTF-8 bytes of each line without its line break, a byte order mark dropped from the first line.
     */
    int checksum(String script) {
        String resource = folder + "/" + script;
        try (InputStream in = BundledMigrations.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("bundled migration " + resource + " is missing");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 4096);
            CRC32 crc = new CRC32();
            String line = reader.readLine();
            if (line != null && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            while (line != null) {
                crc.update(line.getBytes(StandardCharsets.UTF_8));
                line = reader.readLine();
            }
            return (int) crc.getValue();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bundled migration " + resource, e);
        }
    }

    /** {@code V9__league_statistics.sql} → {@code 9}; {@code V1_2__x.sql} → {@code 1.2}, as Flyway prints versions. */
    static String version(String script) {
        return script.substring(1, script.indexOf("__")).replace('_', '.');
    }

    /** {@code V9__league_statistics.sql} → {@code league statistics}, as Flyway records it. */
    static String description(String script) {
        return script.substring(script.indexOf("__") + 2, script.length() - ".sql".length()).replace('_', ' ');
    }
}
