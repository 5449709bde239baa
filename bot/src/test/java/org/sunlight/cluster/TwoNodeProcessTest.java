package org.sunlight.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sunlight.storage.Database;
import org.sunlight.storage.DatabaseSettings;
import org.sunlight.storage.PostgresServer;

/**
 * Two {@code sunlight serve} processes on one PostgreSQL database, owners asking through both, one
 * node killed half-way: every question is stored once, with its own number, and every reply is
 * delivered once, by whichever node is left.
 */
class TwoNodeProcessTest {

    private static final String GROUP = "complex:jinxiu:owners";
    private static final int QUESTIONS = 20;

    @TempDir
    Path directory;

    private final List<Process> processes = new ArrayList<>();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @AfterEach
    void stopNodes() throws InterruptedException {
        for (Process process : processes) {
            process.destroy();
            process.waitFor();
        }
    }

    private int start(String name, DatabaseSettings database) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path javaBinary = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(List.of(javaBinary.toString(), "-Xmx256m",
                "-Dlogback.configurationFile=logback.xml", "-cp", System.getProperty("java.class.path"),
                "org.sunlight.Main", "serve", "--port", Integer.toString(port),
                "--data-dir", directory.resolve(name).toString()))
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve(name + ".log").toFile());
        builder.environment().put("SUNLIGHT_DATABASE_URL", database.url());
        builder.environment().put("SUNLIGHT_DATABASE_USER", database.user());
        builder.environment().put("SUNLIGHT_FIXED_TIME", "2026-03-02T02:00:00Z");
        processes.add(builder.start());
        return port;
    }

    private boolean healthy(int port) {
        try {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private int ask(int port, int number) throws IOException, InterruptedException {
        String json = "{\"person\":\"wang-fang\",\"text\":\"提问 第" + number + "个问题：停车费收入去哪了？\"}";
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/sandbox/api/groups/"
                                + GROUP + "/messages"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private String tail(String name) {
        try {
            String log = java.nio.file.Files.readString(directory.resolve(name + ".log"), StandardCharsets.UTF_8);
            return log.substring(Math.max(0, log.length() - 3000));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int count(Jdbi jdbi, String sql) {
        return jdbi.withHandle(handle -> handle.createQuery(sql).mapTo(Integer.class).one());
    }

    @Test
    void everyQuestionIsStoredOnceAndEveryReplyDeliveredOnceWhenANodeDiesHalfWay() throws Exception {
        DatabaseSettings database = PostgresServer.freshDatabase();
        Jdbi jdbi = Database.open(database);
        int first = start("a", database);
        int second = start("b", database);
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .until(() -> healthy(first) && healthy(second));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("nodes not healthy; node a: " + tail("a") + "\nnode b: " + tail("b"), e);
        }

        for (int i = 1; i <= QUESTIONS; i++) {
            if (i == QUESTIONS / 2 + 1) {
                // Node a dies without warning: whatever it accepted but had not handled is left to node b.
                processes.get(0).destroyForcibly().waitFor();
            }
            int port = i <= QUESTIONS / 2 && i % 2 == 1 ? first : second;
            assertThat(ask(port, i)).as("question %d accepted", i).isBetween(200, 204);
        }

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
                count(jdbi, "SELECT count(*) FROM inbound_message WHERE processed_at IS NULL") == 0
                        && count(jdbi, "SELECT count(*) FROM outbox WHERE state = 'pending'") == 0);

        assertThat(count(jdbi, "SELECT count(*) FROM question")).isEqualTo(QUESTIONS);
        assertThat(count(jdbi, "SELECT count(DISTINCT number) FROM question")).isEqualTo(QUESTIONS);
        assertThat(count(jdbi, "SELECT count(DISTINCT text) FROM question")).isEqualTo(QUESTIONS);
        int replies = count(jdbi, "SELECT count(*) FROM outbox WHERE idempotency_key LIKE 'reply:%'");
        assertThat(replies).isGreaterThanOrEqualTo(QUESTIONS);
        assertThat(count(jdbi, "SELECT count(*) FROM outbox WHERE state <> 'sent'")).isZero();
        assertThat(count(jdbi, "SELECT count(*) FROM sandbox_message WHERE outbox_id IS NOT NULL"))
                .as("each sent message appears once in the group")
                .isEqualTo(count(jdbi, "SELECT count(*) FROM outbox WHERE channel = 'sandbox'"));
        assertThat(count(jdbi, "SELECT count(*) FROM outbox WHERE body LIKE '%抱歉%'")).as("no apologies").isZero();
    }
}
