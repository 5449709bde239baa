package org.sunlight.storage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jdbi.v3.core.Jdbi;

/**
 * Helpers for tests that use a real database: a SQLite file in a temporary directory, or a fresh
 * database on the test {@link PostgresServer}.
 */
public final class TestDatabases {

    private TestDatabases() {
    }

    public static Jdbi open(Path directory) {
        return Database.open(directory.resolve("sunlight.db"));
    }

    /** A fresh, migrated database of the dialect (SQLite in {@code directory}; a new PostgreSQL database). */
    public static Jdbi open(Dialect dialect, Path directory) {
        return Database.open(settings(dialect, directory));
    }

    /** Where a fresh database of the dialect is (SQLite in {@code directory}; a new PostgreSQL database). */
    public static DatabaseSettings settings(Dialect dialect, Path directory) {
        return dialect == Dialect.SQLITE ? DatabaseSettings.sqlite(directory.resolve("sunlight.db"))
                : PostgresServer.freshDatabase();
    }

    /** Sunlight's tables (Flyway's history excluded), by name. */
    public static List<String> tables(Jdbi jdbi) {
        String sql = StorageConfig.dialect(jdbi) == Dialect.SQLITE
                ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                        + "AND name NOT LIKE 'flyway_%' ORDER BY name"
                : "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
                        + "AND table_type = 'BASE TABLE' AND table_name NOT LIKE 'flyway_%' "
                        + "AND table_name NOT LIKE 'qrtz_%' ORDER BY table_name";
        return jdbi.withHandle(handle -> handle.createQuery(sql).mapTo(String.class).list());
    }

    /** Every table's columns, by table name, in declaration order. */
    public static Map<String, List<String>> columns(Jdbi jdbi) {
        Dialect dialect = StorageConfig.dialect(jdbi);
        Map<String, List<String>> columns = new TreeMap<>();
        jdbi.useHandle(handle -> {
            for (String table : tables(jdbi)) {
                columns.put(table, dialect == Dialect.SQLITE
                        ? handle.createQuery("SELECT name FROM pragma_table_info(:table) ORDER BY cid")
                                .bind("table", table).mapTo(String.class).list()
                        : handle.createQuery("SELECT column_name FROM information_schema.columns "
                                        + "WHERE table_schema = current_schema() AND table_name = :table "
                                        + "ORDER BY ordinal_position")
                                .bind("table", table).mapTo(String.class).list());
            }
        });
        return columns;
    }

    /** Every row of every table (Flyway's history excluded), for before/after comparisons. */
    public static Map<String, List<Map<String, Object>>> snapshot(Jdbi jdbi) {
        List<String> tables = tables(jdbi);
        return jdbi.withHandle(handle -> {
            Map<String, List<Map<String, Object>>> rows = new TreeMap<>();
            for (String table : tables) {
                rows.put(table, new ArrayList<>(handle.createQuery("SELECT * FROM " + table + " ORDER BY 1")
                        .mapToMap().list()));
            }
            return rows;
        });
    }
}
