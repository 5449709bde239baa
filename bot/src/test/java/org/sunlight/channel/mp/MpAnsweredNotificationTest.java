package org.sunlight.channel.mp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import io.javalin.testtools.JavalinTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sunlight.channel.fake.FakeWeChat;
import org.sunlight.channel.fake.SignedCallbacks;
import org.sunlight.channel.fake.WeChatFixture;

/** A follower asks through the Official Account; when the committee answers, a template message tells them. */
class MpAnsweredNotificationTest {

    private static final String OPENID = "oQ4Xa5mNw2pLx8rT1uVzYb3cDe6F";

    @TempDir
    Path directory;

    private WeChatFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void aFollowerIsToldByTemplateMessageWhenTheirQuestionIsAnswered() throws IOException {
        String demo;
        try (InputStream in = getClass().getResourceAsStream("/demo/deployment.yml")) {
            demo = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String deployment = demo.replace("{code: wang-fang, name: 王芳, household: 3-2-301,",
                "{code: wang-fang, name: 王芳, household: 3-2-301, identities: {mp: " + OPENID + "},");
        assertThat(deployment).isNotEqualTo(demo);
        fixture = WeChatFixture.start(directory, deployment, Map.of());
        SignedCallbacks wechat = SignedCallbacks.mp(WeChatFixture.MP_TOKEN, WeChatFixture.MP_AES_KEY,
                FakeWeChat.MP_APP_ID);

        JavalinTest.test(fixture.sunlight.web(), (server, client) -> {
            String xml = "<xml><ToUserName><![CDATA[gh_1a2b3c4d5e6f]]></ToUserName><FromUserName><![CDATA[" + OPENID
                    + "]]></FromUserName><CreateTime>" + fixture.clock.instant().getEpochSecond() + "</CreateTime>"
                    + "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[提问 电梯什么时候修好？]]></Content>"
                    + "<MsgId>23637352235060881</MsgId></xml>";
            SignedCallbacks.Signed signed = wechat.message(xml, fixture.clock.instant());
            HttpResponse<String> response = SignedCallbacks.post(server.port(), MpCallbacks.PATH + "?"
                    + signed.query() + "&encrypt_type=aes", signed.body());
            assertThat(response.statusCode()).isEqualTo(200);
        });
        fixture.sunlight.inbound().processPending();
        fixture.sunlight.sandbox().post("complex:jinxiu:owners", "chen-jian", "答复 1 已联系维保公司，本周五修好");
        fixture.sunlight.inbound().processPending();
        fixture.sunlight.outboxWorker().deliverDue();

        assertThat(fixture.fake.accepted("/cgi-bin/message/template/send")).singleElement().satisfies(request -> {
            assertThat(request.json().path("touser").asText()).isEqualTo(OPENID);
            assertThat(request.json().path("url").asText()).endsWith("/c/jinxiu");
        });
    }
}
