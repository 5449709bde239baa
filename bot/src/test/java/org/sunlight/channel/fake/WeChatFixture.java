package org.sunlight.channel.fake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.sunlight.app.AppConfig;
import org.sunlight.app.Sunlight;

/**
 * A Sunlight configured for every WeChat part, pointed at a {@link FakeWeChat} through WxJava's
 * base-URL settings, on a temporary directory, with a mutable clock and a deployment of choice.
 * Keys have WeChat's real formats; the 微信客服 EncodingAESKey ends in a character with non-zero
 * trailing bits, as keys WeChat generates can.
 */
public final class WeChatFixture implements AutoCloseable {

    public static final Instant START = Instant.parse("2026-03-02T02:00:00Z");
    public static final String APP_SECRET = "Vq3bT0kB3nqZ8xE2rP7mLs9dF4hJ6gK1cW5yN0uA2oI";
    public static final String KF_SECRET = "Kf9sQ2wE4rT6yU8iO0pA1sD3fG5hJ7kL9zX1cV3bN5m";
    public static final String CONTACT_SECRET = "Ct7aB9cD1eF3gH5iJ7kL9mN1oP3qR5sT7uV9wX1yZ3a";
    public static final String MP_SECRET = "4f1c2b9e7d3a5c8b0e6f1a2d3c4b5a69";
    public static final String APP_TOKEN = "QDG6eK4mXp";
    public static final String KF_TOKEN = "kfTok3nZ9";
    public static final String MP_TOKEN = "mpT0ken7";
    /** Last character 'A': no trailing bits. */
    public static final String APP_AES_KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2A";
    /** Last character 'B' (000001): its two trailing bits are non-zero. */
    public static final String KF_AES_KEY = "kX9Vb2Lr8TqW3nHs6YpJ1cMf4DgKz7Ea0UiOe5RtS2B";
    /** Last character 'z' (110011): non-zero trailing bits as well. */
    public static final String MP_AES_KEY = "Pq4Rs7Tu0Vw3Xy6Za9Bc2De5Fg8Hi1Jk4Lm7No0Qr1z";
    public static final String AGENT_ID = "1000002";
    public static final String TEMPLATE_ID = "Tk1Answeredq3n6YpJ1cMf4DgKz7Ea0UiOe5R";

    public final FakeClock clock;
    public final FakeWeChat fake;
    public final Sunlight sunlight;
    public final Map<String, String> environment;

    private WeChatFixture(FakeClock clock, FakeWeChat fake, Sunlight sunlight, Map<String, String> environment) {
        this.clock = clock;
        this.fake = fake;
        this.sunlight = sunlight;
        this.environment = environment;
    }

    /** With the bundled demo deployment. */
    public static WeChatFixture start(Path directory) {
        return start(directory, null, Map.of());
    }

    /** With the given deployment YAML (null: the demo) and extra environment (robot keys). */
    public static WeChatFixture start(Path directory, String deploymentYaml, Map<String, String> extraEnvironment) {
        FakeClock clock = new FakeClock(START);
        FakeWeChat fake = new FakeWeChat(clock).acceptSecrets(APP_SECRET, KF_SECRET, CONTACT_SECRET, MP_SECRET);
        Map<String, String> environment = new HashMap<>(extraEnvironment);
        environment.put("SUNLIGHT_WECOM_APP_SECRET", APP_SECRET);
        environment.put("SUNLIGHT_WECOM_APP_TOKEN", APP_TOKEN);
        environment.put("SUNLIGHT_WECOM_APP_AES_KEY", APP_AES_KEY);
        environment.put("SUNLIGHT_WECOM_KF_SECRET", KF_SECRET);
        environment.put("SUNLIGHT_WECOM_KF_TOKEN", KF_TOKEN);
        environment.put("SUNLIGHT_WECOM_KF_AES_KEY", KF_AES_KEY);
        environment.put("SUNLIGHT_WECOM_CONTACT_SECRET", CONTACT_SECRET);
        environment.put("SUNLIGHT_MP_SECRET", MP_SECRET);
        environment.put("SUNLIGHT_MP_TOKEN", MP_TOKEN);
        environment.put("SUNLIGHT_MP_AES_KEY", MP_AES_KEY);
        environment.put("SUNLIGHT_ADMIN_TOKEN", "admin-token-for-tests-0123456789");
        Map<String, String> overrides = new HashMap<>();
        overrides.put("data-dir", directory.resolve("data").toString());
        overrides.put("port", "0");
        overrides.put("deployment", deploymentYaml == null ? AppConfig.DEMO : write(directory, deploymentYaml));
        overrides.put("wecom-api-base-url", fake.baseUrl());
        overrides.put("mp-api-base-url", fake.baseUrl());
        overrides.put("wecom-corp-id", FakeWeChat.CORP_ID);
        overrides.put("wecom-agent-id", AGENT_ID);
        overrides.put("mp-app-id", FakeWeChat.MP_APP_ID);
        overrides.put("mp-template-id", TEMPLATE_ID);
        overrides.put("wechat-timeout-millis", "1000");
        Sunlight sunlight = new Sunlight(AppConfig.resolve(null, environment, overrides), clock);
        sunlight.loadDeployment();
        return new WeChatFixture(clock, fake, sunlight, environment);
    }

    private static String write(Path directory, String yaml) {
        try {
            Path file = directory.resolve("deployment.yml");
            Files.writeString(file, yaml, StandardCharsets.UTF_8);
            return file.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Delivers what is due, advancing the clock by {@code step} between rounds, until nothing is pending. */
    public void deliverAll(java.time.Duration step, int maxRounds) {
        for (int round = 0; round < maxRounds; round++) {
            sunlight.outboxWorker().deliverDue();
            if (sunlight.outbox().counts().getOrDefault("pending", 0) == 0) {
                return;
            }
            clock.advance(step);
        }
    }

    @Override
    public void close() {
        sunlight.close();
        fake.close();
    }
}
