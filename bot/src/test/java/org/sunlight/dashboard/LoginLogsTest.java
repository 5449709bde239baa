package org.sunlight.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.javalin.testtools.JavalinTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.sunlight.app.Sunlight;
import org.sunlight.app.TestSunlight;
import org.sunlight.channel.fake.WeChatFixture;
import org.sunlight.logging.JsonLineEncoder;
import org.sunlight.question.SettableClock;

/**
 * The log-scan half of "no secret in any log line" for people's secrets: passwords (right, wrong
 * and guessed until the lockout), session ids and the operator's admin token never appear in a
 * captured log line, at any level. (WeChat's secrets: WeChatSecretsTest; the real service's logs:
 * CrashRecoveryTest.)
 */
class LoginLogsTest {

    private static final String PASSWORD = "Lin-Jiwei-Secret-2026!";

    @TempDir
    Path directory;

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private Level levelBefore;

    @BeforeEach
    void capture() {
        levelBefore = root.getLevel();
        root.setLevel(Level.DEBUG);
        captured.start();
        root.addAppender(captured);
    }

    @AfterEach
    void release() {
        root.detachAppender(captured);
        root.setLevel(levelBefore);
    }

    private String written() {
        JsonLineEncoder encoder = new JsonLineEncoder();
        return captured.list.stream().map(event -> new String(encoder.encode(event), StandardCharsets.UTF_8))
                .collect(Collectors.joining());
    }

    @Test
    void noLogLineShowsAPasswordOrASessionIdThroughLoginsAndALockout() {
        SettableClock clock = new SettableClock(Instant.parse("2026-03-02T02:00:00Z"));
        List<String> secrets = new ArrayList<>(List.of(PASSWORD));
        try (Sunlight sunlight = TestSunlight.create(directory, clock)) {
            sunlight.accounts().setPassword("lin-jiwei", PASSWORD.toCharArray());
            JavalinTest.test(sunlight.web(), (server, ignored) -> {
                WebClient officer = new WebClient(server.port());
                assertThat(officer.login("lin-jiwei", PASSWORD).statusCode()).isEqualTo(303);
                secrets.addAll(officer.cookies().values());
                officer.get("/dashboard");

                WebClient guesser = new WebClient(server.port());
                for (int attempt = 0; attempt < 6; attempt++) {
                    String guess = "guess-" + attempt + "-Tr0ub4dor";
                    secrets.add(guess);
                    guesser.login("lin-jiwei", guess);
                }
                clock.advance(Duration.ofMinutes(16));
                assertThat(guesser.login("lin-jiwei", PASSWORD).statusCode()).isEqualTo(303);
            });
        }

        String written = written();
        assertThat(captured.list).as("log lines captured").isNotEmpty();
        assertThat(secrets).allSatisfy(secret -> assertThat(written).doesNotContain(secret));
    }

    @Test
    void noLogLineShowsTheAdminTokenRightOrWrong() throws Exception {
        String wrong = "admin-guess-7Qx2mZ9kLp0";
        try (WeChatFixture fixture = WeChatFixture.start(directory)) {
            String token = fixture.environment.get("SUNLIGHT_ADMIN_TOKEN");
            JavalinTest.test(fixture.sunlight.web(), (server, ignored) -> {
                HttpClient http = HttpClient.newHttpClient();
                for (String attempt : List.of(wrong, token)) {
                    http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/admin/login"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString("token=" + attempt)).build(),
                            HttpResponse.BodyHandlers.ofString());
                }
            });
            assertThat(written()).doesNotContain(wrong, token);
        }
    }
}
