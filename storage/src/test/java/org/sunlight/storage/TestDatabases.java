package org.sunlight.storage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jdbi.v3.core.Jdbi;

/** Helpers for tests that use a real SQLite file in a temporary directory. */
public final class TestDatabases {

    private TestDatabases() {
    }

    public static Jdbi open(Path directory) {
        return Database.open(directory.resolve("sunlight.db"));
    }

    /** Every row of every table (Flyway's history excluded), for before/after comparisons. */
    public static Map<String, List<Map<String, Object>>> snapshot(Jdbi jdbi) {
        return jdbi.withHandle(handle -> {
            List<String> tables = handle.createQuery("SELECT name FROM sqlite_master WHERE type = 'table' "
                            + "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'flyway_%' ORDER BY name")
                    .mapTo(String.class).list();
            Map<String, List<Map<String, Object>>> rows = new java.util.TreeMap<>();
            for (String table : tables) {
                rows.put(table, new ArrayList<>(handle.createQuery("SELECT * FROM " + table + " ORDER BY 1")
                        .mapToMap().list()));
            }
            return rows;
        });
    }
}
