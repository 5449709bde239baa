package org.sunlight.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppConfigTest {

    @TempDir
    Path directory;

    @Test
    void defaultsRunTheDemoOnLoopbackWithTheSandbox() {
        AppConfig config = AppConfig.resolve(directory.resolve("none.properties").toFile().exists() ? null : null,
                Map.of(), Map.of());

        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.deployment()).isEqualTo(AppConfig.DEMO);
        assertThat(config.sandbox()).isTrue();
        assertThat(config.databaseFile()).isEqualTo(Path.of("data", "sunlight.db"));
        assertThat(config.baseUrl()).isEqualTo("http://localhost:8080");
    }

    @Test
    void fileThenEnvironmentThenCommandLineWin() throws Exception {
        Path file = directory.resolve("sunlight.properties");
        Files.writeString(file, "port=9000\nbase-url=https://sun.example.cn/\nsandbox=false\n");
        Map<String, String> overrides = new HashMap<>();
        overrides.put("port", "9100");

        AppConfig config = AppConfig.resolve(file, Map.of("SUNLIGHT_PORT", "9050", "SUNLIGHT_DATA_DIR", "/srv/sun",
                "SUNLIGHT_FIXED_TIME", "2026-02-24T01:00:00Z"), overrides);

        assertThat(config.port()).isEqualTo(9100);
        assertThat(config.dataDir()).isEqualTo(Path.of("/srv/sun"));
        assertThat(config.baseUrl()).isEqualTo("https://sun.example.cn");
        assertThat(config.sandbox()).isFalse();
        assertThat(config.fixedTime()).isEqualTo(Instant.parse("2026-02-24T01:00:00Z"));
    }

    @Test
    void namesTheBadValue() throws Exception {
        Path file = directory.resolve("bad.properties");
        Files.writeString(file, "prot=9000\n");

        assertThatThrownBy(() -> AppConfig.resolve(file, Map.of(), Map.of()))
                .hasMessageContaining("unknown key 'prot'");
        assertThatThrownBy(() -> AppConfig.resolve(null, Map.of("SUNLIGHT_PORT", "eighty"), Map.of()))
                .hasMessageContaining("port must be a number").hasMessageContaining("eighty");
        assertThatThrownBy(() -> AppConfig.resolve(null, Map.of("SUNLIGHT_SANDBOX", "yes"), Map.of()))
                .hasMessageContaining("sandbox must be true or false");
    }
}
