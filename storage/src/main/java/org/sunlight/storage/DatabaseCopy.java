package org.sunlight.storage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Copies a whole SQLite deployment into an empty, migrated PostgreSQL database: every table in
 * foreign-key order, rows in primary-key order, inside one PostgreSQL transaction (all or nothing),
 * then moves each identity sequence past the copied ids. Both sides must be at the same schema
 * version. Thread-safe (stateless).
 */
public final class DatabaseCopy {

    private static final int BATCH = 500;

    private static final String REGISTRY_VERSION = "registry_version";

    private DatabaseCopy() {
    }

    /** What was copied: rows per table, in copy order. */
    public record Report(Map<String, Long> rowsByTable) {
        public long totalRows() {
            return rowsByTable.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * Copies everything from {@code source} (SQLite) to {@code target} (PostgreSQL); refuses a target
     * that already holds rows or is at another schema version, changing nothing.
     */
    public static Report copy(Jdbi source, Jdbi target) {
        if (StorageConfig.dialect(source) != Dialect.SQLITE || StorageConfig.dialect(target) != Dialect.POSTGRESQL) {
            throw new IllegalArgumentException("copies from SQLite to PostgreSQL only");
        }
        String sourceVersion = schemaVersion(source);
        String targetVersion = schemaVersion(target);
        if (!sourceVersion.equals(targetVersion)) {
            throw new IllegalStateException("schema versions differ: SQLite is at " + sourceVersion
                    + ", PostgreSQL at " + targetVersion + "; run the same Sunlight version against both");
        }
        // registry_version holds one row from its migration on both sides, and the target's triggers
        // count the copy's own inserts: it is not copied as rows but set to the source's value last.
        List<String> tables = dependencyOrder(source).stream().filter(table -> !table.equals(REGISTRY_VERSION))
                .toList();
        Map<String, Long> copied = new LinkedHashMap<>();
        target.useTransaction(targetHandle -> {
            for (String table : tables) {
                long existing = count(targetHandle, table);
                if (existing > 0) {
                    throw new IllegalStateException("the PostgreSQL database is not empty: " + table + " has "
                            + existing + " rows; copy into a new database");
                }
            }
            source.useHandle(sourceHandle -> {
                for (String table : tables) {
                    copied.put(table, copyTable(sourceHandle, targetHandle, table));
                }
            });
            for (String table : tables) {
                resetIdentity(targetHandle, table);
            }
            long version = source.withHandle(sourceHandle -> sourceHandle.createQuery(
                    "SELECT version FROM " + REGISTRY_VERSION + " WHERE id = 1").mapTo(Long.class).one());
            targetHandle.createUpdate("UPDATE " + REGISTRY_VERSION + " SET version = :version WHERE id = 1")
                    .bind("version", version).execute();
            copied.put(REGISTRY_VERSION, 1L);
        });
        return new Report(copied);
    }

    /** Rows per table on both sides, for the check after a copy; equal maps mean nothing was lost. */
    public static Map<String, Long> rowCounts(Jdbi jdbi, List<String> tables) {
        Map<String, Long> counts = new TreeMap<>();
        jdbi.useHandle(handle -> tables.forEach(table -> counts.put(table, count(handle, table))));
        return counts;
    }

    /** Sunlight's tables in an order where every table comes after the tables it references. */
    public static List<String> dependencyOrder(Jdbi sqlite) {
        return sqlite.withHandle(handle -> {
            List<String> tables = handle.createQuery("SELECT name FROM sqlite_master WHERE type = 'table' "
                    + "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'flyway_%' ORDER BY name")
                    .mapTo(String.class).list();
            Map<String, Set<String>> references = new TreeMap<>();
            for (String table : tables) {
                references.put(table, new LinkedHashSet<>(handle.createQuery(
                        "SELECT \"table\" FROM pragma_foreign_key_list(:table)").bind("table", table)
                        .mapTo(String.class).list()));
            }
            List<String> ordered = new ArrayList<>();
            while (ordered.size() < tables.size()) {
                boolean progress = false;
                for (String table : tables) {
                    if (!ordered.contains(table) && references.get(table).stream()
                            .allMatch(referenced -> referenced.equals(table) || ordered.contains(referenced))) {
                        ordered.add(table);
                        progress = true;
                    }
                }
                if (!progress) {
                    throw new IllegalStateException("foreign keys form a cycle among " + tables);
                }
            }
            return ordered;
        });
    }

    private static long copyTable(Handle source, Handle target, String table) {
        List<String> columns = source.createQuery("SELECT name FROM pragma_table_info(:table) ORDER BY cid")
                .bind("table", table).mapTo(String.class).list();
        String insert = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                + String.join(", ", columns.stream().map(column -> ":" + column).toList()) + ")";
        long rows = 0;
        PreparedBatch batch = target.prepareBatch(insert);
        // Primary-key order: a row that references its own table (a reversing ledger entry) comes after its target.
        try (var results = source.createQuery("SELECT * FROM " + table + " ORDER BY 1").mapToMap().stream()) {
            for (var iterator = results.iterator(); iterator.hasNext(); ) {
                Map<String, Object> row = iterator.next();
                for (String column : columns) {
                    batch.bindByType(column, row.get(column), row.get(column) == null ? Object.class
                            : row.get(column).getClass());
                }
                batch.add();
                rows++;
                if (rows % BATCH == 0) {
                    batch.execute();
                    batch = target.prepareBatch(insert);
                }
            }
        }
        if (batch.size() > 0) {
            batch.execute();
        }
        return rows;
    }

    private static void resetIdentity(Handle target, String table) {
        List<String> identities = target.createQuery("SELECT column_name FROM information_schema.columns "
                        + "WHERE table_schema = current_schema() AND table_name = :table AND is_identity = 'YES'")
                .bind("table", table).mapTo(String.class).list();
        for (String column : identities) {
            target.createQuery("SELECT setval(pg_get_serial_sequence(:table, :column), "
                            + "coalesce((SELECT max(" + column + ") FROM " + table + "), 0) + 1, false)")
                    .bind("table", table).bind("column", column).mapTo(Long.class).one();
        }
    }

    private static long count(Handle handle, String table) {
        return handle.createQuery("SELECT count(*) FROM " + table).mapTo(Long.class).one();
    }

    private static String schemaVersion(Jdbi jdbi) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT version FROM flyway_schema_history "
                        + "WHERE success AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1")
                .mapTo(String.class).findOne().orElse("none"));
    }
}
