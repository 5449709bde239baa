package org.sunlight.channel.wecom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.sunlight.app.AppConfig;
import org.sunlight.channel.OutboundMessage;
import org.sunlight.channel.fake.WeChatFixture;
import org.sunlight.logging.JsonLineEncoder;

class WeChatSecretsTest {

    @TempDir
    Path directory;

    @Test
    void noLogLineShowsATokenOrSecretWhileWechatFailsAndTokensAreRefreshed() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        root.addAppender(captured);
        String issuedTokens;
        try (WeChatFixture fixture = WeChatFixture.start(directory)) {
            fixture.fake.failNext("/cgi-bin/gettoken", -1, 1);
            fixture.fake.failNext("/cgi-bin/token", -1, 1);
            fixture.sunlight.outbox().enqueue(new OutboundMessage("a", WeComAppInbound.CHANNEL, "ChenJian",
                    OutboundMessage.Format.TEXT, "通知"));
            fixture.sunlight.outbox().enqueue(new OutboundMessage("b", "mp", "oOpenId", OutboundMessage.Format.TEXT,
                    "通知"));
            fixture.sunlight.outboxWorker().deliverDue();
            fixture.clock.advance(java.time.Duration.ofMinutes(1));
            fixture.sunlight.outboxWorker().deliverDue();
            fixture.fake.failNext("/cgi-bin/message/send", 42001, 2);
            fixture.fake.failNext("/cgi-bin/message/custom/send", 40001, 1);
            fixture.sunlight.outbox().enqueue(new OutboundMessage("c", WeComAppInbound.CHANNEL, "ChenJian",
                    OutboundMessage.Format.TEXT, "通知"));
            fixture.sunlight.outbox().enqueue(new OutboundMessage("d", "mp", "oOpenId", OutboundMessage.Format.TEXT,
                    "通知"));
            fixture.sunlight.outboxWorker().deliverDue();
            issuedTokens = fixture.fake.requests().stream().map(request -> request.query().get("access_token"))
                    .filter(java.util.Objects::nonNull).collect(Collectors.joining(" "));
        } finally {
            root.detachAppender(captured);
        }
        JsonLineEncoder encoder = new JsonLineEncoder();
        String written = captured.list.stream().map(event -> new String(encoder.encode(event), StandardCharsets.UTF_8))
                .collect(Collectors.joining());

        assertThat(written).contains("access_token=***");
        assertThat(issuedTokens).isNotBlank();
        for (String token : issuedTokens.split(" ")) {
            assertThat(written).doesNotContain(token);
        }
        assertThat(written).doesNotContain(WeChatFixture.APP_SECRET, WeChatFixture.MP_SECRET, WeChatFixture.KF_SECRET,
                WeChatFixture.CONTACT_SECRET, WeChatFixture.APP_AES_KEY);
    }

    @Test
    void secretsComeFromTheEnvironmentOrAFileNeverFromTheConfigFile() throws Exception {
        Path properties = directory.resolve("sunlight.properties");
        Files.writeString(properties, "wecom-app-secret=" + WeChatFixture.APP_SECRET + "\n");
        assertThatThrownBy(() -> AppConfig.resolve(properties, Map.of(), Map.of()))
                .isInstanceOf(AppConfig.ConfigException.class)
                .hasMessageContaining("'wecom-app-secret' is a secret", "SUNLIGHT_WECOM_APP_SECRET",
                        "wecom-app-secret-file")
                .hasMessageNotContaining(WeChatFixture.APP_SECRET);

        Path secret = directory.resolve("app-secret");
        Files.writeString(secret, WeChatFixture.APP_SECRET + "\n");
        Files.writeString(properties, "wecom-corp-id=ww1\nwecom-agent-id=1000002\nwecom-app-secret-file=" + secret
                + "\n");
        AppConfig fromFile = AppConfig.resolve(properties, Map.of(), Map.of());
        assertThat(fromFile.wechat().appEnabled()).isTrue();
        assertThat(fromFile.wechat().appSecret()).isEqualTo(WeChatFixture.APP_SECRET);
        assertThat(fromFile.toString()).doesNotContain(WeChatFixture.APP_SECRET);

        AppConfig fromEnvironment = AppConfig.resolve(null, Map.of("SUNLIGHT_WECOM_CORP_ID", "ww1",
                "SUNLIGHT_WECOM_CONTACT_SECRET", WeChatFixture.CONTACT_SECRET), Map.of());
        assertThat(fromEnvironment.wechat().contactEnabled()).isTrue();
        assertThat(fromEnvironment.wechat().toString()).contains("wecom-contact-secret=***")
                .doesNotContain(WeChatFixture.CONTACT_SECRET);
    }

    @Test
    void aMalformedEncodingAesKeyIsRefusedAtStart() {
        assertThatThrownBy(() -> AppConfig.resolve(null, Map.of("SUNLIGHT_WECOM_APP_AES_KEY", "tooShort"), Map.of()))
                .isInstanceOf(AppConfig.ConfigException.class).hasMessageContaining("43-character")
                .hasMessageNotContaining("tooShort");
    }

    @Test
    void withNoWechatSettingsNothingWechatIsOn() {
        AppConfig config = AppConfig.resolve(null, Map.of(), Map.of());

        assertThat(config.wechat().anyEnabled()).isFalse();
        assertThat(config.wechat().adminToken()).isEmpty();
    }
}
