package org.sunlight.channel.callback;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import org.junit.jupiter.api.Test;
import org.sunlight.channel.fake.FakeWeChat;
import org.sunlight.channel.fake.SignedCallbacks;
import org.sunlight.channel.fake.WeChatFixture;

class CallbackControllerTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-03-02T02:00:00Z"), ZoneOffset.UTC);
    private final CallbackCrypto crypto = new CallbackCrypto(WeChatFixture.APP_TOKEN, WeChatFixture.APP_AES_KEY,
            FakeWeChat.CORP_ID, clock);
    private final SignedCallbacks wechat = SignedCallbacks.wecom(WeChatFixture.APP_TOKEN, WeChatFixture.APP_AES_KEY,
            FakeWeChat.CORP_ID);
    private final List<Map<String, String>> handled = new ArrayList<>();

    private Javalin app(int maxConcurrent) {
        CallbackController controller = new CallbackController("/cb",
                ctx -> crypto.verifyUrl(ctx.queryParam("msg_signature"), ctx.queryParam("timestamp"),
                        ctx.queryParam("nonce"), ctx.queryParam("echostr")),
                (ctx, body) -> crypto.open(ctx.queryParam("msg_signature"), ctx.queryParam("timestamp"),
                        ctx.queryParam("nonce"), body),
                handled::add, "", maxConcurrent);
        return Javalin.create(config -> controller.addRoutes(config.routes));
    }

    @Test
    void aCallbackIsOpenedAndHandedOverWithItsFields() {
        JavalinTest.test(app(4), (server, client) -> {
            SignedCallbacks.Signed signed = wechat.message(SignedCallbacks.text("ChenJian", "帮助", "42",
                    clock.instant()), clock.instant());

            assertThat(SignedCallbacks.post(server.port(), "/cb?" + signed.query(), signed.body()).statusCode())
                    .isEqualTo(200);
        });
        assertThat(handled).singleElement().satisfies(fields -> assertThat(fields)
                .containsEntry("FromUserName", "ChenJian").containsEntry("Content", "帮助")
                .containsEntry("MsgId", "42"));
    }

    @Test
    void beyondTheConcurrencyCapCallbacksAreShedWith503AndNothingIsHandled() {
        JavalinTest.test(app(0), (server, client) -> {
            SignedCallbacks.Signed signed = wechat.message(SignedCallbacks.text("ChenJian", "帮助", "43",
                    clock.instant()), clock.instant());

            assertThat(SignedCallbacks.post(server.port(), "/cb?" + signed.query(), signed.body()).statusCode())
                    .isEqualTo(503);
        });
        assertThat(handled).isEmpty();
    }
}
