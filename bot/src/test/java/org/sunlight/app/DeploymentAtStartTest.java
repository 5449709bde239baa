package org.sunlight.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sunlight.deployment.DeploymentLoader;

class DeploymentAtStartTest {

    @TempDir
    Path directory;

    private Path file;

    @BeforeEach
    void writeTheDemoAsAFile() throws Exception {
        file = directory.resolve("deployment.yml");
        try (InputStream demo = getClass().getResourceAsStream("/demo/deployment.yml")) {
            Files.write(file, demo.readAllBytes());
        }
    }

    private DeploymentLoader.LoadReport start(Instant at) {
        AppConfig config = TestSunlight.config(directory, Map.of("deployment", file.toString()));
        try (Sunlight sunlight = new Sunlight(config, Clock.fixed(at, ZoneOffset.UTC))) {
            return sunlight.loadDeployment();
        }
    }

    private long lastLoadedAt(Instant at) {
        AppConfig config = TestSunlight.config(directory, Map.of("deployment", file.toString()));
        try (Sunlight sunlight = new Sunlight(config, Clock.fixed(at, ZoneOffset.UTC))) {
            return sunlight.jdbi().withHandle(handle -> handle.createQuery(
                    "SELECT loaded_at FROM deployment_state").mapTo(Long.class).one());
        }
    }

    @Test
    void anUnchangedFileOverAnUnchangedRegistryIsNotReadAgainButDriftAndEditsAreStillLoaded() throws Exception {
        Instant first = Instant.parse("2026-03-02T02:00:00Z");
        assertThat(start(first).changedAnything()).isTrue();

        Instant second = first.plusSeconds(60);
        assertThat(start(second).changedAnything()).isFalse();
        assertThat(lastLoadedAt(second)).as("skipped: the first load is the one remembered")
                .isEqualTo(first.toEpochMilli());

        AppConfig config = TestSunlight.config(directory, Map.of("deployment", file.toString()));
        try (Sunlight sunlight = new Sunlight(config, Clock.fixed(second, ZoneOffset.UTC))) {
            sunlight.jdbi().useHandle(handle -> handle.execute("DELETE FROM person_role WHERE person_id = "
                    + "(SELECT id FROM person WHERE code = 'chen-jian')"));
        }
        Instant third = second.plusSeconds(60);
        assertThat(start(third).changes()).as("drift in the registry is reverted").anyMatch(change ->
                change.startsWith("granted chen-jian"));
        assertThat(lastLoadedAt(third)).isEqualTo(third.toEpochMilli());

        Files.writeString(file, Files.readString(file, StandardCharsets.UTF_8).replace("name: 锦绣花园",
                "name: 锦绣花园（一期）"), StandardCharsets.UTF_8);
        assertThat(start(third.plusSeconds(60)).changes()).as("an edited file is loaded")
                .contains("updated complex jinxiu");
    }
}
