package org.sunlight.channel.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import me.chanjar.weixin.common.util.crypto.SHA1;
import org.junit.jupiter.api.Test;
import org.sunlight.channel.fake.FakeWeChat;
import org.sunlight.channel.fake.SignedCallbacks;
import org.sunlight.channel.fake.WeChatFixture;

/** Opening callbacks encrypted by WxJava, one after another on one thread (the cipher is reused). */
class CallbackCryptoTest {

    private static final Instant NOW = Instant.parse("2026-11-30T08:00:00Z");

    private final SignedCallbacks wechat = SignedCallbacks.wecom(WeChatFixture.APP_TOKEN, WeChatFixture.APP_AES_KEY,
            FakeWeChat.CORP_ID);
    private final CallbackCrypto crypto = new CallbackCrypto(WeChatFixture.APP_TOKEN, WeChatFixture.APP_AES_KEY,
            FakeWeChat.CORP_ID, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void opensManyMessagesInARowWithTheirOwnText() {
        for (int i = 0; i < 5; i++) {
            String text = "提问 第" + i + "条：东门路灯坏了" + "很久".repeat(i * 40);
            Map<String, String> fields = open(wechat.message(SignedCallbacks.text("ChenJian", text, "90" + i, NOW),
                    NOW));

            assertThat(fields).containsEntry("Content", text).containsEntry("MsgId", "90" + i);
        }
    }

    @Test
    void aCiphertextThatCannotBeDecryptedDoesNotSpoilTheNextMessageOnTheSameThread() {
        // Signed with the right token, but 3 bytes are no AES block: the cipher fails mid-way.
        String timestamp = String.valueOf(NOW.getEpochSecond());
        String broken = "QUJD";
        String signature = SHA1.gen(WeChatFixture.APP_TOKEN, timestamp, "1", broken);
        assertThatThrownBy(() -> crypto.open(signature, timestamp, "1", "<xml><Encrypt><![CDATA[" + broken
                + "]]></Encrypt></xml>")).isInstanceOf(CallbackRejected.class).hasMessageContaining("cannot be opened");

        Map<String, String> fields = open(wechat.message(SignedCallbacks.text("ChenJian", "帮助", "9100", NOW), NOW));

        assertThat(fields).containsEntry("Content", "帮助");
    }

    @Test
    void urlVerificationReturnsTheDecryptedEchostr() {
        Map<String, String> query = query(wechat.verificationQuery("echo-7788", NOW));

        assertThat(crypto.verifyUrl(query.get("msg_signature"), query.get("timestamp"), query.get("nonce"),
                query.get("echostr"))).isEqualTo("echo-7788");
    }

    private Map<String, String> open(SignedCallbacks.Signed signed) {
        Map<String, String> query = query(signed.query());
        return crypto.open(query.get("msg_signature"), query.get("timestamp"), query.get("nonce"), signed.body());
    }

    private static Map<String, String> query(String query) {
        Map<String, String> parameters = new HashMap<>();
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            parameters.put(pair.substring(0, equals), URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return parameters;
    }
}
