package org.sunlight.app;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.sunlight.storage.DatabaseSettings;
import org.sunlight.storage.Dialect;
import org.sunlight.storage.PostgresServer;

/** Builds a real Sunlight on a temporary directory with the demo deployment and a fixed clock. */
public final class TestSunlight {

    public static final Instant NOW = Instant.parse("2026-03-02T02:00:00Z");
    /** System property that moves every TestSunlight onto PostgreSQL ({@code postgresql}). */
    public static final String DATABASE_PROPERTY = "sunlight.test.database";
    private static final Map<Path, DatabaseSettings> POSTGRES_BY_DIRECTORY = new ConcurrentHashMap<>();

    private TestSunlight() {
    }

    public static AppConfig config(Path directory, Map<String, String> extra) {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("data-dir", directory.resolve("data").toString());
        overrides.put("port", "0");
        overrides.put("deployment", AppConfig.DEMO);
        if (Dialect.POSTGRESQL.name().equalsIgnoreCase(System.getProperty(DATABASE_PROPERTY, ""))
                && !extra.containsKey("database-url")) {
            // -Dsunlight.test.database=postgresql runs the suite on PostgreSQL: one fresh database per test
            // directory, so a "restart" on the same directory finds its data again.
            DatabaseSettings database = POSTGRES_BY_DIRECTORY.computeIfAbsent(directory.toAbsolutePath(),
                    ignored -> PostgresServer.freshDatabase());
            overrides.put("database-url", database.url());
            overrides.put("database-user", database.user());
        }
        overrides.putAll(extra);
        return AppConfig.resolve(directory.resolve("absent.properties").toFile().exists()
                ? directory.resolve("absent.properties") : null, Map.of(), overrides);
    }

    /** A loaded, not yet started Sunlight. */
    public static Sunlight create(Path directory) {
        return create(directory, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    /** A loaded, not yet started Sunlight on a fresh database of the dialect. */
    public static Sunlight create(Path directory, Clock clock, Dialect dialect) {
        Map<String, String> extra = new HashMap<>();
        if (dialect == Dialect.POSTGRESQL) {
            extra.put("database-url", PostgresServer.freshDatabase().url());
            extra.put("database-user", "postgres");
        } else {
            // SQLite even when -Dsunlight.test.database=postgresql moves the rest of the suite.
            extra.put("database-url", DatabaseSettings.sqlite(directory.resolve("data").resolve("sunlight.db")).url());
        }
        Sunlight sunlight = new Sunlight(config(directory, extra), clock);
        sunlight.loadDeployment();
        return sunlight;
    }

    public static Sunlight create(Path directory, Clock clock) {
        Sunlight sunlight = new Sunlight(config(directory, Map.of()), clock);
        sunlight.loadDeployment();
        return sunlight;
    }
}
