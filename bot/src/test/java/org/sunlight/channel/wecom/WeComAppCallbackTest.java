package org.sunlight.channel.wecom;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import io.javalin.testtools.JavalinTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sunlight.app.Sunlight;
import org.sunlight.app.TestSunlight;
import org.sunlight.channel.fake.FakeWeChat;
import org.sunlight.channel.fake.SignedCallbacks;
import org.sunlight.channel.fake.WeChatFixture;

class WeComAppCallbackTest {

    private static final String PATH = WeComCallbacks.APP_PATH;
    private static final String SEND = "/cgi-bin/message/send";

    @TempDir
    Path directory;

    private WeChatFixture fixture;
    private final SignedCallbacks wechat = SignedCallbacks.wecom(WeChatFixture.APP_TOKEN, WeChatFixture.APP_AES_KEY,
            FakeWeChat.CORP_ID);

    @BeforeEach
    void start() {
        fixture = WeChatFixture.start(directory);
        long chenJian = fixture.sunlight.registry().personByCode("chen-jian").orElseThrow().id();
        fixture.sunlight.jdbi().useHandle(handle -> handle.execute("INSERT INTO person_identity (person_id, channel, "
                + "external_id) VALUES (?, 'wecom-app', 'ChenJian')", chenJian));
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private int count(String sql) {
        return fixture.sunlight.jdbi().withHandle(handle -> handle.createQuery(sql).mapTo(Integer.class).one());
    }

    private Instant now() {
        return fixture.clock.instant();
    }

    @Test
    void urlVerificationAnswersTheBareDecryptedEchostr() {
        JavalinTest.test(fixture.sunlight.web(), (server, client) -> {
            HttpResponse<String> response = SignedCallbacks.get(server.port(), PATH + "?"
                    + wechat.verificationQuery("1616140317555161061", now()));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("1616140317555161061");
        });
    }

    @Test
    void aStaffMembersCommandIsAcknowledgedAtOnceAndAnsweredThroughTheApp() {
        JavalinTest.test(fixture.sunlight.web(), (server, client) -> {
            SignedCallbacks.Signed signed = wechat.message(SignedCallbacks.text("ChenJian", "帮助",
                    "7312800000000000001", now()), now());

            HttpResponse<String> response = SignedCallbacks.post(server.port(), PATH + "?" + signed.query(),
                    signed.body());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEmpty();
            assertThat(count("SELECT count(*) FROM inbound_message WHERE channel = 'wecom-app' "
                    + "AND processed_at IS NULL")).as("stored, work after the reply").isEqualTo(1);
        });
        fixture.sunlight.inbound().processPending();
        fixture.sunlight.outboxWorker().deliverDue();

        assertThat(fixture.fake.accepted(SEND)).singleElement().satisfies(request -> {
            assertThat(request.json().path("touser").asText()).isEqualTo("ChenJian");
            assertThat(request.json().path("agentid").asInt()).isEqualTo(1000002);
            assertThat(request.json().path("text").path("content").asText()).isNotBlank();
        });
    }

    @Test
    void aReplayedMsgIdIsOneMessageWithOneReply() {
        JavalinTest.test(fixture.sunlight.web(), (server, client) -> {
            SignedCallbacks.Signed signed = wechat.message(SignedCallbacks.text("ChenJian", "帮助",
                    "7312800000000000002", now()), now());
            for (int attempt = 0; attempt < 3; attempt++) {
                assertThat(SignedCallbacks.post(server.port(), PATH + "?" + signed.query(), signed.body())
                        .statusCode()).isEqualTo(200);
            }
        });
        fixture.sunlight.inbound().processPending();
        fixture.sunlight.outboxWorker().deliverDue();

        assertThat(count("SELECT count(*) FROM inbound_message")).isEqualTo(1);
        assertThat(fixture.fake.accepted(SEND)).hasSize(1);
    }

    @Test
    void aBadSignatureIsRefusedAndNothingStored() {
        JavalinTest.test(fixture.sunlight.web(), (server, client) -> {
            SignedCallbacks.Signed signed = wechat.message(SignedCallbacks.text("ChenJian", "帮助", "1", now()), now());
            String forged = signed.query().replaceFirst("msg_signature=[0-9a-f]{4}", "msg_signature=0000");

            assertThat(SignedCallbacks.post(server.port(), PATH + "?" + forged, signed.body()).statusCode())
                    .isEqualTo(403);
        });
        assertThat(count("SELECT count(*) FROM inbound_message")).isZero();
    }

    @Test
    void aStaleTimestampIsRefusedAndNothingStored() {
        JavalinTest.test(fixture.sunlight.web(), (server, client) -> {
            Instant old = now().minus(Duration.ofMinutes(6));
            SignedCallbacks.Signed signed = wechat.message(SignedCallbacks.text("ChenJian", "帮助", "2", old), old);

            assertThat(SignedCallbacks.post(server.port(), PATH + "?" + signed.query(), signed.body()).statusCode())
                    .isEqualTo(403);
        });
        assertThat(count("SELECT count(*) FROM inbound_message")).isZero();
    }

    @Test
    void anOversizedBodyIsRefusedBeforeReading() {
        JavalinTest.test(fixture.sunlight.web(), (server, client) -> {
            SignedCallbacks.Signed signed = wechat.message(SignedCallbacks.text("ChenJian", "帮".repeat(30_000), "3",
                    now()), now());

            assertThat(SignedCallbacks.post(server.port(), PATH + "?" + signed.query(), signed.body()).statusCode())
                    .isEqualTo(413);
        });
        assertThat(count("SELECT count(*) FROM inbound_message")).isZero();
    }

    @Test
    void xmlWithADoctypeIsRefusedEvenWhenProperlySigned() {
        JavalinTest.test(fixture.sunlight.web(), (server, client) -> {
            String evil = "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                    + SignedCallbacks.text("ChenJian", "&e;", "4", now());
            SignedCallbacks.Signed inner = wechat.message(evil, now());
            assertThat(SignedCallbacks.post(server.port(), PATH + "?" + inner.query(), inner.body()).statusCode())
                    .isEqualTo(400);

            SignedCallbacks.Signed plain = wechat.message(SignedCallbacks.text("ChenJian", "帮助", "5", now()), now());
            String outer = "<!DOCTYPE xml [<!ENTITY x \"y\">]>" + plain.body();
            assertThat(SignedCallbacks.post(server.port(), PATH + "?" + plain.query(), outer).statusCode())
                    .isEqualTo(400);
        });
        assertThat(count("SELECT count(*) FROM inbound_message")).isZero();
    }

    @Test
    void anExpiredAccessTokenIsRefreshedOnceAndTheReplySentOnce() {
        JavalinTest.test(fixture.sunlight.web(), (server, client) -> {
            SignedCallbacks.Signed signed = wechat.message(SignedCallbacks.text("ChenJian", "帮助", "6", now()), now());
            SignedCallbacks.post(server.port(), PATH + "?" + signed.query(), signed.body());
        });
        fixture.sunlight.inbound().processPending();
        fixture.fake.failNext(SEND, 42001, 1);

        fixture.sunlight.outboxWorker().deliverDue();

        assertThat(fixture.fake.accepted(SEND)).hasSize(1);
        assertThat(fixture.fake.requests("/cgi-bin/gettoken")).hasSize(2);
        assertThat(fixture.sunlight.outbox().counts()).containsEntry("sent", 1);
    }

    @Test
    void withoutWechatConfigurationTheCallbackRoutesDoNotExist() {
        try (Sunlight plain = TestSunlight.create(directory.resolve("plain"))) {
            JavalinTest.test(plain.web(), (server, client) -> {
                assertThat(client.get(PATH).code()).isEqualTo(404);
                assertThat(client.post(WeComCallbacks.KF_PATH).code()).isEqualTo(404);
                assertThat(client.get("/mp/callback").code()).isEqualTo(404);
            });
            assertThat(plain.wechat().channels()).containsOnlyKeys(WeComRobotChannel.NAME);
        }
    }
}
