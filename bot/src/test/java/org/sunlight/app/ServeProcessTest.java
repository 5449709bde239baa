package org.sunlight.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code sunlight serve} as its own JVM, the way the quick start does, and checks it serves
 * /health and /sandbox with the demo complexes, and logs only JSON lines on stdout. The time to
 * healthy is printed, not asserted (timing belongs to the bench suite).
 */
class ServeProcessTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;

    @Test
    void theServeCommandServesHealthAndTheSandboxWithTheDemoComplexes() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path javaBinary = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(List.of(javaBinary.toString(), "-Xmx256m", "-cp",
                ServiceClassPath.get(), "org.sunlight.Main", "serve", "--port", Integer.toString(port),
                "--data-dir", directory.resolve("data").toString()))
                .redirectOutput(directory.resolve("serve.log").toFile())
                .redirectError(directory.resolve("serve.err").toFile())
                .start();
        long started = System.nanoTime();
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpResponse<String> health = null;
            // Generous: CI machines are shared; the time itself is printed, never asserted.
            long deadline = started + Duration.ofSeconds(180).toNanos();
            while (System.nanoTime() < deadline && process.isAlive()) {
                try {
                    health = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                            .build(), HttpResponse.BodyHandlers.ofString());
                    break;
                } catch (IOException notYet) {
                    Thread.sleep(50);
                }
            }
            System.out.printf("serve: healthy after %d ms%n", Duration.ofNanos(System.nanoTime() - started).toMillis());
            assertThat(health).as("service answered /health; log: %s", directory.resolve("serve.log")).isNotNull();
            assertThat(health.statusCode()).isEqualTo(200);
            String sandbox = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/sandbox"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(sandbox).contains("锦绣花园", "阳光苑", "湖畔家园");
            List<String> lines = Files.readAllLines(directory.resolve("serve.log"));
            assertThat(lines).isNotEmpty().allSatisfy(line -> {
                JsonNode entry = JSON.readTree(line);
                assertThat(entry.isObject()).as(line).isTrue();
                assertThat(entry.fieldNames()).toIterable().as(line).contains("ts", "level", "logger", "message");
            });
            assertThat(lines).anyMatch(line -> line.contains("\"message\":\"Sunlight serving on"));
        } finally {
            process.destroy();
            process.waitFor();
        }
    }
}
