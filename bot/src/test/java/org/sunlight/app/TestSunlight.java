package org.sunlight.app;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/** Builds a real Sunlight on a temporary directory with the demo deployment and a fixed clock. */
public final class TestSunlight {

    public static final Instant NOW = Instant.parse("2026-03-02T02:00:00Z");

    private TestSunlight() {
    }

    public static AppConfig config(Path directory, Map<String, String> extra) {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("data-dir", directory.resolve("data").toString());
        overrides.put("port", "0");
        overrides.put("deployment", AppConfig.DEMO);
        overrides.putAll(extra);
        return AppConfig.resolve(directory.resolve("absent.properties").toFile().exists()
                ? directory.resolve("absent.properties") : null, Map.of(), overrides);
    }

    /** A loaded, not yet started Sunlight. */
    public static Sunlight create(Path directory) {
        return create(directory, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    public static Sunlight create(Path directory, Clock clock) {
        Sunlight sunlight = new Sunlight(config(directory, Map.of()), clock);
        sunlight.loadDeployment();
        return sunlight;
    }
}
