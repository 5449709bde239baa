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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sunlight.app.ServiceClassPath;
import org.sunlight.channel.fake.FakeWeChat;
import org.sunlight.channel.fake.SignedCallbacks;
import org.sunlight.channel.fake.WeChatFixture;
import org.sunlight.channel.mp.MpCallbacks;
import org.sunlight.ledger.UploadPages;
import org.sunlight.storage.Database;
import org.sunlight.storage.DatabaseSettings;
import org.sunlight.storage.PostgresServer;

/**
 * Two {@code sunlight serve} processes on one PostgreSQL database, with the Official Account pointed
 * at a {@link FakeWeChat} in this JVM. Owners ask in the group through both nodes and followers
 * write to the Official Account through both (each callback delivered to both nodes while both
 * live, as WeChat's retry can land on the other node behind a load balancer); a quarter is closed
 * for one complex on node a, which is then killed without warning, and for another on node b. Every
 * question and every callback is stored once, every follower is answered, and every statement
 * reaches its group once, by whichever node is left.
 */
class TwoNodeProcessTest {

    private static final String GROUP = "complex:jinxiu:owners";
    private static final int QUESTIONS = 20;
    private static final String CUSTOM_SEND = "/cgi-bin/message/custom/send";

    @TempDir
    Path directory;

    private final List<Process> processes = new ArrayList<>();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final FakeWeChat fake = new FakeWeChat(Clock.systemUTC()).acceptSecrets(WeChatFixture.MP_SECRET);
    private final SignedCallbacks wechat = SignedCallbacks.mp(WeChatFixture.MP_TOKEN, WeChatFixture.MP_AES_KEY,
            FakeWeChat.MP_APP_ID);

    @AfterEach
    void stopNodes() throws InterruptedException {
        for (Process process : processes) {
            process.destroy();
            process.waitFor();
        }
        fake.close();
    }

    private int start(String name, DatabaseSettings database) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path javaBinary = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(List.of(javaBinary.toString(), "-Xmx256m",
                "-cp", ServiceClassPath.get(),
                "org.sunlight.Main", "serve", "--port", Integer.toString(port),
                "--data-dir", directory.resolve(name).toString()))
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve(name + ".log").toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(key -> key.startsWith("SUNLIGHT_"));
        environment.put("SUNLIGHT_DATABASE_URL", database.url());
        environment.put("SUNLIGHT_DATABASE_USER", database.user());
        // The real clock, not a fixed one: a send postponed by a backoff must come due again.
        environment.put("SUNLIGHT_MP_SECRET", WeChatFixture.MP_SECRET);
        environment.put("SUNLIGHT_MP_TOKEN", WeChatFixture.MP_TOKEN);
        environment.put("SUNLIGHT_MP_AES_KEY", WeChatFixture.MP_AES_KEY);
        environment.put("SUNLIGHT_MP_APP_ID", FakeWeChat.MP_APP_ID);
        environment.put("SUNLIGHT_MP_TEMPLATE_ID", WeChatFixture.TEMPLATE_ID);
        environment.put("SUNLIGHT_MP_API_BASE_URL", fake.baseUrl());
        environment.put("SUNLIGHT_WECHAT_TIMEOUT_MILLIS", "5000");
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

    /** A follower's signed, encrypted message to the Official Account, delivered to each port given. */
    private void follow(int number, int... ports) throws IOException, InterruptedException {
        Instant now = Instant.now();
        String xml = "<xml><ToUserName><![CDATA[gh_1a2b3c4d5e6f]]></ToUserName><FromUserName><![CDATA["
                + follower(number) + "]]></FromUserName><CreateTime>" + now.getEpochSecond() + "</CreateTime>"
                + "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[帮助]]></Content><MsgId>"
                + (8_000_000_000L + number) + "</MsgId></xml>";
        SignedCallbacks.Signed signed = wechat.message(xml, now);
        for (int port : ports) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + MpCallbacks.PATH + "?" + signed.query() + "&encrypt_type=aes"))
                    .timeout(Duration.ofSeconds(5)).header("Content-Type", "text/xml")
                    .POST(HttpRequest.BodyPublishers.ofString(signed.body())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("callback %d on port %d", number, port).isEqualTo(200);
            assertThat(response.body()).isEqualTo("success");
        }
    }

    private static String follower(int number) {
        return "o-follower-" + number;
    }

    private void fileQuarter(int port, Jdbi jdbi, String complex, String committeeMember) throws Exception {
        assertThat(UploadPages.fileQuarter2026Q1(client, port, jdbi, complex, committeeMember)).isEmpty();
        assertThat(UploadPages.filed(jdbi, complex)).as("%s filed", complex).isTrue();
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
    void everyQuestionCallbackAndStatementIsStoredAndDeliveredOnceWhenANodeDiesHalfWay() throws Exception {
        DatabaseSettings database = PostgresServer.freshDatabase();
        Jdbi jdbi = Database.open(database);
        int first = start("a", database);
        int second = start("b", database);
        try {
            await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(200))
                    .until(() -> healthy(first) && healthy(second));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("nodes not healthy; node a: " + tail("a") + "\nnode b: " + tail("b"), e);
        }

        for (int i = 1; i <= QUESTIONS; i++) {
            if (i == QUESTIONS / 2) {
                // A quarter closed on node a, which then dies without warning: its statement's
                // delivery, and whatever else it accepted but had not handled, is left to node b.
                fileQuarter(first, jdbi, "jinxiu", "chen-jian");
                processes.get(0).destroyForcibly().waitFor();
            }
            boolean bothAlive = i < QUESTIONS / 2;
            int port = bothAlive && i % 2 == 1 ? first : second;
            assertThat(ask(port, i)).as("question %d accepted", i).isBetween(200, 204);
            if (bothAlive) {
                follow(i, port, port == first ? second : first);
            } else {
                follow(i, port);
            }
        }
        fileQuarter(second, jdbi, "yangguang", "liu-yang");

        try {
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(250)).until(() ->
                    count(jdbi, "SELECT count(*) FROM inbound_message WHERE processed_at IS NULL") == 0
                            && count(jdbi, "SELECT count(*) FROM outbox WHERE state = 'pending'") == 0);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("not drained: " + count(jdbi, "SELECT count(*) FROM inbound_message WHERE "
                    + "processed_at IS NULL") + " unprocessed; outbox not sent: " + jdbi.withHandle(handle ->
                    handle.createQuery("SELECT channel || ' ' || state || ' ' || attempts || ' ' || "
                            + "coalesce(last_error, '') FROM outbox WHERE state <> 'sent'").mapTo(String.class)
                            .list()) + "\nnode b: " + tail("b"), e);
        }

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

        assertThat(count(jdbi, "SELECT count(*) FROM inbound_message WHERE channel = 'mp'"))
                .as("each callback stored once, whichever node or nodes it reached").isEqualTo(QUESTIONS);
        Map<String, Long> answered = fake.accepted(CUSTOM_SEND).stream()
                .map(request -> request.json().path("touser").asText())
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        for (int i = 1; i <= QUESTIONS; i++) {
            assertThat(answered).as("follower %d answered", i).containsKey(follower(i));
        }
        // WeChat's customer-service message has no idempotency key: only a kill between WeChat
        // accepting a reply and the outbox marking it sent can repeat it, once per kill.
        assertThat(answered.values().stream().mapToLong(times -> times - 1).sum()).isLessThanOrEqualTo(1);

        assertThat(count(jdbi, "SELECT count(*) FROM statement")).isEqualTo(2);
        for (String owners : List.of("complex:jinxiu:owners", "complex:yangguang:owners")) {
            int posted = jdbi.withHandle(handle -> handle.createQuery("SELECT count(*) FROM sandbox_message "
                    + "WHERE target = :target AND sender_code IS NULL AND text LIKE '【公共收益公示】%'")
                    .bind("target", owners).mapTo(Integer.class).one());
            assertThat(posted).as("statements posted in %s", owners).isEqualTo(1);
        }
    }
}
