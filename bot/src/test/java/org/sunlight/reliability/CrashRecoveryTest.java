package org.sunlight.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sunlight.app.AppConfig;
import org.sunlight.app.ServiceClassPath;
import org.sunlight.audit.AuditLog;
import org.sunlight.channel.fake.FakeWeChat;
import org.sunlight.channel.fake.SignedCallbacks;
import org.sunlight.channel.fake.WeChatFixture;
import org.sunlight.channel.mp.MpCallbacks;
import org.sunlight.ledger.UploadPages;
import org.sunlight.storage.Database;

/**
 * Runs {@code sunlight serve} as its own JVM on one data directory with the Official Account
 * pointed at a {@link FakeWeChat} in this JVM, streams signed owner messages at it from a
 * background thread, and {@code kill -9}s it ({@link Process#destroyForcibly()}) at seeded random
 * moments, restarting each time. Callbacks that did not get HTTP 200 are resent after the restart,
 * as WeChat does. At the end: every acknowledged message is stored exactly once, every one got
 * its reply (none lost), duplicates of a reply (a crash between WeChat accepting a send and the
 * outbox marking it sent) are counted and printed, and the audit chain verifies.
 * {@code -Dcrash.points=N -Dcrash.seed=S} for longer runs.
 */
class CrashRecoveryTest {

    private static final int POINTS = Integer.getInteger("crash.points", 20);
    private static final long SEED = Long.getLong("crash.seed", 20261122L);
    private static final String ACK = "success";
    private static final int COMPLEXES = 4;

    @TempDir
    Path directory;

    private final SignedCallbacks signer = SignedCallbacks.mp(WeChatFixture.MP_TOKEN, WeChatFixture.MP_AES_KEY,
            FakeWeChat.MP_APP_ID);
    private Path deploymentFile;
    private Jdbi jdbi;
    private final List<String> pageProblems = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private record Sent(long msgId, String openId) {
    }

    @Test
    void killedAtTwentySeededPointsNoAcknowledgedMessageIsLostOrStoredTwiceAndTheAuditChainHolds() throws Exception {
        Random random = new Random(SEED);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Map<Long, Sent> acknowledged = new ConcurrentHashMap<>();
        Map<Long, Sent> unanswered = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger(1);
        int killed = 0;
        Path deployment = directory.resolve("deployment.yml");
        Files.writeString(deployment, deployment(), StandardCharsets.UTF_8);
        this.deploymentFile = deployment;
        try (FakeWeChat fake = new FakeWeChat(Clock.systemUTC()).acceptSecrets(WeChatFixture.MP_SECRET)) {
            for (int complex = 0; complex < COMPLEXES; complex++) {
                fake.robot(robotKey(complex));
            }
            for (int point = 0; point < POINTS; point++) {
                Process process = start(fake, port, point);
                waitHealthy(process, port);
                // WeChat resends what it got no 200 for.
                for (Sent retry : List.copyOf(unanswered.values())) {
                    if (post(port, retry)) {
                        unanswered.remove(retry.msgId());
                        acknowledged.put(retry.msgId(), retry);
                    }
                }
                AtomicBoolean running = new AtomicBoolean(true);
                Thread sender = new Thread(() -> {
                    while (running.get()) {
                        int number = next.getAndIncrement();
                        Sent sent = new Sent(9_000_000_000L + number, "o-follower-" + number);
                        (post(port, sent) ? acknowledged : unanswered).put(sent.msgId(), sent);
                        if (number % 7 == 0 && !acknowledged.isEmpty()) {
                            // A duplicate delivery of something already acknowledged.
                            post(port, acknowledged.values().iterator().next());
                        }
                    }
                });
                sender.start();
                Thread publisher = new Thread(() -> fileQuarters(port, database(), running));
                publisher.start();
                Thread.sleep(100 + random.nextInt(1_200));
                process.destroyForcibly().waitFor();
                killed++;
                running.set(false);
                sender.join();
                publisher.join();
            }
            Process last = start(fake, port, POINTS);
            try {
                waitHealthy(last, port);
                for (Sent retry : List.copyOf(unanswered.values())) {
                    if (post(port, retry)) {
                        unanswered.remove(retry.msgId());
                        acknowledged.put(retry.msgId(), retry);
                    }
                }
                fileQuarters(port, database(), new AtomicBoolean(true));
                long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                while (System.nanoTime() < deadline && (!repliedTo(fake).keySet().containsAll(
                        acknowledged.values().stream().map(Sent::openId).toList())
                        || statementsPosted(fake).containsValue(0L))) {
                    Thread.sleep(200);
                }
            } finally {
                last.destroy();
                last.waitFor();
            }
            Map<String, Long> replies = repliedTo(fake);
            Jdbi jdbi = database();
            Map<Integer, Long> statements = statementsPosted(fake);
            Map<String, Integer> stored = jdbi.withHandle(handle -> handle.createQuery("SELECT dedup_key, count(*) "
                    + "FROM inbound_message WHERE channel = 'mp' GROUP BY dedup_key").map((rs, ctx) ->
                    Map.entry(rs.getString(1), rs.getInt(2))).list()).stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            AuditLog.Verification audit = new AuditLog(jdbi, Clock.systemUTC()).verify();

            List<String> lost = acknowledged.values().stream().map(Sent::openId)
                    .filter(openId -> !replies.containsKey(openId)).sorted().toList();
            long duplicateStatements = statements.values().stream().mapToLong(count -> Math.max(0, count - 1)).sum();
            long duplicates = replies.values().stream().filter(count -> count > 1).mapToLong(count -> count - 1)
                    .sum();
            System.out.printf("crash test: seed %d, %d kill -9 points survived, %d messages acknowledged, "
                    + "%d stored, lost %d, duplicate replies %d; statements per complex %s (duplicates %d); "
                    + "audit entries verified %d%n", SEED, killed, acknowledged.size(), stored.size(), lost.size(),
                    duplicates, statements, duplicateStatements, audit.entriesChecked());

            assertThat(killed).isEqualTo(POINTS);
            assertThat(unanswered).as("resent after the last restart").isEmpty();
            assertThat(acknowledged).hasSizeGreaterThan(POINTS);
            for (Sent sent : acknowledged.values()) {
                assertThat(stored.get(Long.toString(sent.msgId()))).as("stored once: %s", sent).isEqualTo(1);
            }
            assertThat(lost).as("acknowledged messages that never got their reply").isEmpty();
            // A reply can repeat only when a kill falls between WeChat accepting it and markSent.
            assertThat(pageProblems).as("upload pages that were not a dry run").isEmpty();
            assertThat(count(jdbi, "SELECT count(*) FROM ledger_period")).as("quarters filed").isEqualTo(COMPLEXES);
            assertThat(count(jdbi, "SELECT count(*) FROM statement")).as("statements, once each").isEqualTo(COMPLEXES);
            List<String> outbox = jdbi.withHandle(handle -> handle.createQuery("SELECT channel || ' ' || target || ' ' "
                    + "|| state || ' ' || coalesce(last_error, '') || ' ' || substr(body, 1, 40) FROM outbox "
                    + "WHERE channel <> 'mp'").mapTo(String.class).list());
            assertThat(statements.values()).as("every statement reached its group; outbox: %s", outbox)
                    .doesNotContain(0L);
            // The robot has no idempotency: a kill between WeChat accepting a post and markSent repeats it.
            assertThat(duplicates + duplicateStatements).as("repeated sends").isLessThanOrEqualTo(killed);
            assertThat(secretsInLogs()).as("secrets in the service's log lines").isEmpty();
            assertThat(audit.intact()).as("audit chain: %s", audit.reason()).isTrue();
        }
    }

    /** Every line of every run's log that shows a secret the service was given. */
    private List<String> secretsInLogs() throws IOException {
        List<String> secrets = new java.util.ArrayList<>(List.of(WeChatFixture.MP_SECRET, WeChatFixture.MP_AES_KEY,
                WeChatFixture.MP_TOKEN));
        for (int complex = 0; complex < COMPLEXES; complex++) {
            secrets.add(robotKey(complex));
        }
        List<String> leaks = new java.util.ArrayList<>();
        for (int run = 0; run <= POINTS; run++) {
            // Decoded leniently: a kill can cut a line in the middle of a character.
            String log = new String(Files.readAllBytes(directory.resolve("serve-" + run + ".log")),
                    StandardCharsets.UTF_8);
            for (String line : log.lines().toList()) {
                secrets.stream().filter(line::contains).findFirst().ifPresent(secret -> leaks.add(line));
            }
        }
        return leaks;
    }

    /** The service's own database file, opened once (after the service migrated it). */
    private Jdbi database() {
        if (jdbi == null) {
            jdbi = Database.open(AppConfig.resolve(null, Map.of(), Map.of("data-dir",
                    directory.resolve("data").toString())).databaseFile());
        }
        return jdbi;
    }

    private static int count(Jdbi jdbi, String sql) {
        return jdbi.withHandle(handle -> handle.createQuery(sql).mapTo(Integer.class).one());
    }

    private static Map<String, Long> repliedTo(FakeWeChat fake) {
        return fake.accepted("/cgi-bin/message/custom/send").stream()
                .map(request -> request.json().path("touser").asText())
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private boolean post(int port, Sent sent) {
        Instant now = Instant.now();
        String xml = "<xml><ToUserName><![CDATA[gh_1a2b3c4d5e6f]]></ToUserName><FromUserName><![CDATA["
                + sent.openId() + "]]></FromUserName><CreateTime>" + now.getEpochSecond() + "</CreateTime>"
                + "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[提问 电梯什么时候修好？#" + sent.msgId()
                + "]]></Content><MsgId>" + sent.msgId() + "</MsgId></xml>";
        SignedCallbacks.Signed signed = signer.message(xml, now);
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + MpCallbacks.PATH + "?" + signed.query() + "&encrypt_type=aes"))
                    .timeout(Duration.ofSeconds(5)).header("Content-Type", "text/xml")
                    .POST(HttpRequest.BodyPublishers.ofString(signed.body())).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && ACK.equals(response.body());
        } catch (IOException | InterruptedException notAcknowledged) {
            return false;
        }
    }

    private Process start(FakeWeChat fake, int port, int run) throws IOException {
        Path javaBinary = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(List.of(javaBinary.toString(), "-Xmx256m",
                "-XX:TieredStopAtLevel=1", "-cp", ServiceClassPath.get(), "org.sunlight.Main", "serve", "--port",
                Integer.toString(port),
                "--data-dir", directory.resolve("data").toString(), "--deployment", deploymentFile.toString()))
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("serve-" + run + ".log").toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(key -> key.startsWith("SUNLIGHT_"));
        environment.putAll(settings(fake));
        return builder.start();
    }

    private static Map<String, String> settings(FakeWeChat fake) {
        Map<String, String> settings = new HashMap<>();
        settings.put("SUNLIGHT_MP_SECRET", WeChatFixture.MP_SECRET);
        settings.put("SUNLIGHT_MP_TOKEN", WeChatFixture.MP_TOKEN);
        settings.put("SUNLIGHT_MP_AES_KEY", WeChatFixture.MP_AES_KEY);
        settings.put("SUNLIGHT_MP_APP_ID", FakeWeChat.MP_APP_ID);
        settings.put("SUNLIGHT_MP_TEMPLATE_ID", WeChatFixture.TEMPLATE_ID);
        settings.put("SUNLIGHT_MP_API_BASE_URL", fake.baseUrl());
        settings.put("SUNLIGHT_WECHAT_TIMEOUT_MILLIS", "1000");
        settings.put("SUNLIGHT_WECOM_API_BASE_URL", fake.baseUrl());
        for (int complex = 0; complex < COMPLEXES; complex++) {
            settings.put("SUNLIGHT_ROBOT_KEY_X" + complex, robotKey(complex));
        }
        return settings;
    }

    private static String robotKey(int complex) {
        return "robot-x" + complex + "-5f1d7c2a";
    }

    /** One town, one community, {@link #COMPLEXES} complexes whose owners' groups are WeCom robots. */
    private static String deployment() {
        StringBuilder yaml = new StringBuilder("towns:\n  - code: qingshan\n    name: 青山镇\n    communities:\n"
                + "      - code: c0\n        name: 社区零\n        complexes:\n");
        StringBuilder people = new StringBuilder("people:\n");
        for (int complex = 0; complex < COMPLEXES; complex++) {
            yaml.append("          - code: x").append(complex).append('\n')
                    .append("            name: 小区").append(complex).append('\n')
                    .append("            households: 100\n")
                    .append("            fundFirstDeposit: \"100,000.00\"\n")
                    .append("            channels:\n")
                    .append("              - {purpose: owners, channel: wecom-robot, target: \"env:SUNLIGHT_ROBOT_KEY_X")
                    .append(complex).append("\"}\n");
            people.append("  - {code: committee-").append(complex).append(", name: 委员").append(complex)
                    .append(", roles: [{role: committee, complex: x").append(complex).append("}]}\n");
        }
        return yaml.append(people).toString();
    }

    /**
     * Files 2026Q1 for every complex not yet filed, the way a committee member does: an upload link
     * (issued here, as 记账 would), the file posted to /ledger/upload, the dry run confirmed.
     * Returns quietly when the service dies underneath.
     */
    private void fileQuarters(int port, Jdbi jdbi, AtomicBoolean running) {
        for (int complex = 0; complex < COMPLEXES && running.get(); complex++) {
            String code = "x" + complex;
            try {
                if (!UploadPages.filed(jdbi, code)) {
                    UploadPages.fileQuarter2026Q1(http, port, jdbi, code, "committee-" + complex)
                            .ifPresent(pageProblems::add);
                }
            } catch (IOException | InterruptedException serviceDied) {
                return;
            }
        }
    }

    /** Statements posted to each complex's robot, by complex. */
    private static Map<Integer, Long> statementsPosted(FakeWeChat fake) {
        Map<Integer, Long> posted = new HashMap<>();
        for (int complex = 0; complex < COMPLEXES; complex++) {
            String key = robotKey(complex);
            posted.put(complex, fake.accepted("/cgi-bin/webhook/send").stream()
                    .filter(request -> key.equals(request.query().get("key")))
                    .filter(request -> (request.json().path("text").path("content").asText()
                            + request.json().path("markdown").path("content").asText()).contains("【公共收益公示】"))
                    .count());
        }
        return posted;
    }

    private void waitHealthy(Process process, int port) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("service did not become healthy; see " + directory);
    }


}
