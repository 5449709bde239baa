package org.sunlight.channel.callback;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BiFunction;

import io.javalin.testtools.JavalinTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sunlight.channel.fake.FakeWeChat;
import org.sunlight.channel.fake.SignedCallbacks;
import org.sunlight.channel.fake.WeChatFixture;

/** The same refusals on every callback URL: nothing refused is ever stored. */
class CallbackRefusalsTest {

    /** The three callback URLs, each with its keys and a message of its kind. */
    enum Endpoint {
        WECOM_APP("/wecom/app/callback", "", SignedCallbacks.wecom(WeChatFixture.APP_TOKEN, WeChatFixture.APP_AES_KEY,
                FakeWeChat.CORP_ID), (text, at) -> SignedCallbacks.text("ChenJian", text, "9001", at)),
        WECOM_KF("/wecom/kf/callback", "", SignedCallbacks.wecom(WeChatFixture.KF_TOKEN, WeChatFixture.KF_AES_KEY,
                FakeWeChat.CORP_ID), (text, at) -> "<xml><ToUserName>" + FakeWeChat.CORP_ID + "</ToUserName>"
                + "<CreateTime>" + at.getEpochSecond() + "</CreateTime><MsgType>event</MsgType>"
                + "<Event>kf_msg_or_event</Event><Token>ENC" + Math.abs(text.hashCode()) + "</Token>"
                + "<OpenKfId>wkRefusals</OpenKfId><Pad>" + text + "</Pad></xml>"),
        MP("/mp/callback", "&encrypt_type=aes", SignedCallbacks.mp(WeChatFixture.MP_TOKEN, WeChatFixture.MP_AES_KEY,
                FakeWeChat.MP_APP_ID), (text, at) -> "<xml><FromUserName>oRefusals</FromUserName><CreateTime>"
                + at.getEpochSecond() + "</CreateTime><MsgType>text</MsgType><Content><![CDATA[" + text
                + "]]></Content><MsgId>9001</MsgId></xml>");

        final String path;
        final String extraQuery;
        final SignedCallbacks wechat;
        final BiFunction<String, Instant, String> message;

        Endpoint(String path, String extraQuery, SignedCallbacks wechat, BiFunction<String, Instant, String> message) {
            this.path = path;
            this.extraQuery = extraQuery;
            this.wechat = wechat;
            this.message = message;
        }

        int post(int port, String xml, Instant at) {
            return post(port, wechat.message(xml, at));
        }

        int post(int port, SignedCallbacks.Signed signed) {
            return SignedCallbacks.post(port, path + "?" + signed.query() + extraQuery, signed.body()).statusCode();
        }

        /** The URL verification query WeChat sends: WeCom signs an encrypted echostr, the Official Account a plain one. */
        String verification(String echo, Instant at) {
            return this == MP ? wechat.plainQuery(at) + "&echostr=" + echo : wechat.verificationQuery(echo, at);
        }
    }

    @TempDir
    Path directory;

    private WeChatFixture fixture;

    @BeforeEach
    void start() {
        fixture = WeChatFixture.start(directory);
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private int stored() {
        return fixture.sunlight.jdbi().withHandle(handle -> handle.createQuery("SELECT (SELECT count(*) FROM "
                + "inbound_message) + (SELECT count(*) FROM wechat_callback_event) + (SELECT count(*) FROM "
                + "wecom_kf_cursor)").mapTo(Integer.class).one());
    }

    private Instant now() {
        return fixture.clock.instant();
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void aBadSignatureIsRefusedWith403(Endpoint endpoint) {
        JavalinTest.test(fixture.sunlight.web(), (server, client) -> {
            SignedCallbacks.Signed signed = endpoint.wechat.message(endpoint.message.apply("帮助", now()), now());
            String forged = signed.query().replaceFirst("msg_signature=[0-9a-f]{6}", "msg_signature=abcdef");
            assertThat(SignedCallbacks.post(server.port(), endpoint.path + "?" + forged + endpoint.extraQuery,
                    signed.body()).statusCode()).isEqualTo(403);
        });
        assertThat(stored()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void aStaleTimestampIsRefused(Endpoint endpoint) {
        JavalinTest.test(fixture.sunlight.web(), (server, client) -> {
            Instant stale = now().minus(Duration.ofMinutes(10));
            assertThat(endpoint.post(server.port(), endpoint.message.apply("帮助", stale), stale)).isEqualTo(403);
            Instant future = now().plus(Duration.ofMinutes(10));
            assertThat(endpoint.post(server.port(), endpoint.message.apply("帮助", future), future)).isEqualTo(403);
        });
        assertThat(stored()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void anOversizedBodyIsRefusedWith413(Endpoint endpoint) {
        JavalinTest.test(fixture.sunlight.web(), (server, client) -> {
            assertThat(endpoint.post(server.port(), endpoint.message.apply("长".repeat(40_000), now()), now()))
                    .isEqualTo(413);
        });
        assertThat(stored()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void xmlWithADoctypeIsRefused(Endpoint endpoint) {
        JavalinTest.test(fixture.sunlight.web(), (server, client) -> {
            String evil = "<!DOCTYPE xml [<!ENTITY lol \"lol\">]>" + endpoint.message.apply("&lol;", now());
            assertThat(endpoint.post(server.port(), evil, now())).isEqualTo(400);
        });
        assertThat(stored()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void theSameMessageDeliveredThreeTimesIsStoredOnce(Endpoint endpoint) {
        JavalinTest.test(fixture.sunlight.web(), (server, client) -> {
            SignedCallbacks.Signed signed = endpoint.wechat.message(endpoint.message.apply("帮助", now()), now());
            for (int attempt = 0; attempt < 3; attempt++) {
                assertThat(SignedCallbacks.post(server.port(), endpoint.path + "?" + signed.query()
                        + endpoint.extraQuery, signed.body()).statusCode()).isEqualTo(200);
            }
        });
        assertThat(stored()).isEqualTo(endpoint == Endpoint.WECOM_KF ? 2 : 1);
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void urlVerificationAnswersTheBareEchostrAndRefusesAForgedOrStaleOne(Endpoint endpoint) {
        JavalinTest.test(fixture.sunlight.web(), (server, client) -> {
            String echo = "5927382748125137";
            HttpResponse<String> verified = SignedCallbacks.get(server.port(), endpoint.path + "?"
                    + endpoint.verification(echo, now()));
            assertThat(verified.statusCode()).isEqualTo(200);
            assertThat(verified.body()).isEqualTo(echo);

            String forged = endpoint.verification(echo, now()).replaceFirst("signature=[0-9a-f]{6}",
                    "signature=abcdef");
            assertThat(SignedCallbacks.get(server.port(), endpoint.path + "?" + forged).statusCode()).isEqualTo(403);
            Instant stale = now().minus(Duration.ofMinutes(10));
            assertThat(SignedCallbacks.get(server.port(), endpoint.path + "?" + endpoint.verification(echo, stale))
                    .statusCode()).isEqualTo(403);
        });
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void aMessageResentAfterARestartIsStillStoredOnce(Endpoint endpoint) {
        SignedCallbacks.Signed signed = endpoint.wechat.message(endpoint.message.apply("帮助", now()), now());
        JavalinTest.test(fixture.sunlight.web(), (server, client) ->
                assertThat(endpoint.post(server.port(), signed)).isEqualTo(200));
        int storedBefore = stored();
        fixture.close();

        // WeChat resends what it believes was not answered; the dedup keys are in the database, not in memory.
        fixture = WeChatFixture.start(directory);
        JavalinTest.test(fixture.sunlight.web(), (server, client) ->
                assertThat(endpoint.post(server.port(), signed)).isEqualTo(200));

        assertThat(storedBefore).isPositive();
        assertThat(stored()).isEqualTo(storedBefore);
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void aSignedCiphertextWithWrongAesPaddingIsRefusedWith400(Endpoint endpoint) {
        JavalinTest.test(fixture.sunlight.web(), (server, client) -> {
            for (int lastByte : new int[] {0, 255, -1}) {
                SignedCallbacks.Signed signed = endpoint.wechat.withBadPadding(endpoint.message.apply("帮助", now()),
                        now(), lastByte);
                assertThat(endpoint.post(server.port(), signed)).as("last padding byte %d", lastByte).isEqualTo(400);
            }
        });
        assertThat(stored()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void aMessageEncryptedForAnotherCorpOrAccountIsRefusedWith400(Endpoint endpoint) {
        JavalinTest.test(fixture.sunlight.web(), (server, client) -> {
            SignedCallbacks.Signed signed = endpoint.wechat.forReceiver("wwSomeoneElse0001")
                    .message(endpoint.message.apply("帮助", now()), now());
            assertThat(endpoint.post(server.port(), signed)).isEqualTo(400);
        });
        assertThat(stored()).isZero();
    }
}
