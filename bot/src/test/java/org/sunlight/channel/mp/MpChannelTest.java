package org.sunlight.channel.mp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import io.javalin.testtools.JavalinTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sunlight.channel.fake.FakeWeChat;
import org.sunlight.channel.fake.SignedCallbacks;
import org.sunlight.channel.fake.WeChatFixture;

class MpChannelTest {

    private static final String OPENID = "oQ4Xa5mNw2pLx8rT1uVzYb3cDe6F";

    @TempDir
    Path directory;

    private WeChatFixture fixture;
    private final SignedCallbacks wechat = SignedCallbacks.mp(WeChatFixture.MP_TOKEN, WeChatFixture.MP_AES_KEY,
            FakeWeChat.MP_APP_ID);

    @BeforeEach
    void start() {
        fixture = WeChatFixture.start(directory);
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void urlVerificationEchoesTheEchostrWhenTheSignatureIsRight() {
        JavalinTest.test(fixture.sunlight.web(), (server, client) -> {
            HttpResponse<String> response = SignedCallbacks.get(server.port(), MpCallbacks.PATH + "?"
                    + wechat.plainQuery(fixture.clock.instant()) + "&echostr=5837397749561837");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("5837397749561837");

            HttpResponse<String> forged = SignedCallbacks.get(server.port(), MpCallbacks.PATH
                    + "?signature=abc&timestamp=" + fixture.clock.instant().getEpochSecond()
                    + "&nonce=1&echostr=5837397749561837");
            assertThat(forged.statusCode()).isEqualTo(403);
        });
    }

    @Test
    void aFollowersQuestionInSafeModeIsAcknowledgedWithSuccessAndAnswered() {
        JavalinTest.test(fixture.sunlight.web(), (server, client) -> {
            String xml = "<xml><ToUserName><![CDATA[gh_1a2b3c4d5e6f]]></ToUserName><FromUserName><![CDATA[" + OPENID
                    + "]]></FromUserName><CreateTime>" + fixture.clock.instant().getEpochSecond() + "</CreateTime>"
                    + "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[帮助]]></Content>"
                    + "<MsgId>23637352235060880</MsgId></xml>";
            SignedCallbacks.Signed signed = wechat.message(xml, fixture.clock.instant());

            HttpResponse<String> response = SignedCallbacks.post(server.port(), MpCallbacks.PATH + "?"
                    + signed.query() + "&encrypt_type=aes", signed.body());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("success");
        });
        fixture.sunlight.inbound().processPending();
        fixture.sunlight.outboxWorker().deliverDue();

        assertThat(fixture.fake.accepted("/cgi-bin/message/custom/send")).singleElement()
                .satisfies(request -> assertThat(request.json().path("touser").asText()).isEqualTo(OPENID));
    }

    @Test
    void aFollowerIsToldByTemplateMessageThatTheirQuestionWasAnsweredOnce() {
        MpNotifications notifications = fixture.sunlight.wechat().mpNotifications().orElseThrow();

        notifications.questionAnswered(OPENID, "question:42", "电梯维修费为什么这么高？", fixture.clock.instant(),
                "https://sunlight.example/c/jinxiu/q/42");
        notifications.questionAnswered(OPENID, "question:42", "电梯维修费为什么这么高？", fixture.clock.instant(),
                "https://sunlight.example/c/jinxiu/q/42");
        fixture.fake.failNext("/cgi-bin/message/template/send", 45009, 1);
        fixture.deliverAll(java.time.Duration.ofMinutes(1), 10);

        assertThat(fixture.fake.accepted("/cgi-bin/message/template/send")).singleElement().satisfies(request -> {
            assertThat(request.json().path("touser").asText()).isEqualTo(OPENID);
            assertThat(request.json().path("template_id").asText()).isEqualTo(WeChatFixture.TEMPLATE_ID);
            assertThat(request.json().path("url").asText()).endsWith("/q/42");
            assertThat(request.body()).contains("电梯维修费", "您的问题已有答复");
        });
    }

    @Test
    void aPlainModeMessageIsRefusedWhenTheAccountIsInSafeMode() {
        JavalinTest.test(fixture.sunlight.web(), (server, client) -> {
            String xml = "<xml><FromUserName>" + OPENID + "</FromUserName><MsgType>text</MsgType>"
                    + "<Content>x</Content><MsgId>1</MsgId></xml>";
            assertThat(SignedCallbacks.post(server.port(), MpCallbacks.PATH + "?"
                    + wechat.plainQuery(fixture.clock.instant()), xml).statusCode()).isEqualTo(403);
        });
    }
}
