package org.sunlight.channel.wecom;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.javalin.testtools.JavalinTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sunlight.channel.OutboundMessage;
import org.sunlight.channel.OutboxItem;
import org.sunlight.channel.fake.FakeWeChat;
import org.sunlight.channel.fake.SignedCallbacks;
import org.sunlight.channel.fake.WeChatFixture;

class WeComKfTest {

    private static final String SEND = "/cgi-bin/kf/send_msg";
    private static final String KF = "wkAbCdEf0123456789";
    private static final String OWNER = "wmOwnerWangFang01";

    @TempDir
    Path directory;

    private WeChatFixture fixture;
    /** The 微信客服 key ends in a character with non-zero trailing bits. */
    private final SignedCallbacks wechat = SignedCallbacks.wecom(WeChatFixture.KF_TOKEN, WeChatFixture.KF_AES_KEY,
            FakeWeChat.CORP_ID);

    @BeforeEach
    void start() {
        fixture = WeChatFixture.start(directory);
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private int count(String sql) {
        return fixture.sunlight.jdbi().withHandle(handle -> handle.createQuery(sql).mapTo(Integer.class).one());
    }

    static String event(String token, String openKfId, Instant at) {
        return "<xml><ToUserName><![CDATA[" + FakeWeChat.CORP_ID + "]]></ToUserName><CreateTime>" + at.getEpochSecond()
                + "</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[kf_msg_or_event]]></Event>"
                + "<Token><![CDATA[" + token + "]]></Token><OpenKfId><![CDATA[" + openKfId + "]]></OpenKfId></xml>";
    }

    /** Posts the event {@code times} times (WeChat's retries send the same event again). */
    private void postEvent(String token, int times) {
        JavalinTest.test(fixture.sunlight.web(), (server, client) -> {
            SignedCallbacks.Signed signed = wechat.message(event(token, KF, fixture.clock.instant()),
                    fixture.clock.instant());
            for (int i = 0; i < times; i++) {
                assertThat(SignedCallbacks.post(server.port(), WeComCallbacks.KF_PATH + "?" + signed.query(),
                        signed.body()).statusCode()).isEqualTo(200);
            }
        });
    }

    private void postEvent(String token) {
        postEvent(token, 1);
    }

    private WeComKf kf() {
        return fixture.sunlight.wechat().kf().orElseThrow();
    }

    @Test
    void anOwnersPrivateQuestionIsSyncedAfterTheAcknowledgementAndAnswered() {
        fixture.fake.kfCustomerText("msgA1", KF, OWNER, "帮助");

        postEvent("ENCApHxnGDhK1");
        assertThat(count("SELECT count(*) FROM inbound_message")).as("only the token is stored at first").isZero();
        assertThat(kf().syncPending()).isEqualTo(1);
        fixture.sunlight.inbound().processPending();
        fixture.sunlight.outboxWorker().deliverDue();

        assertThat(fixture.fake.accepted(SEND)).singleElement().satisfies(request -> {
            assertThat(request.json().path("touser").asText()).isEqualTo(OWNER);
            assertThat(request.json().path("open_kfid").asText()).isEqualTo(KF);
        });
        assertThat(fixture.fake.requests("/cgi-bin/kf/sync_msg").get(0).json().path("token").asText())
                .isEqualTo("ENCApHxnGDhK1");
    }

    @Test
    void aReplayedEventAndARefetchedMessageMakeOneQuestionNotTwo() {
        fixture.fake.kfCustomerText("msgB1", KF, OWNER, "帮助");
        postEvent("ENCtoken1", 2);
        assertThat(count("SELECT count(*) FROM wechat_callback_event WHERE channel = 'wecom-kf'")).isEqualTo(1);
        kf().syncPending();
        fixture.sunlight.jdbi().useHandle(handle -> handle.execute(
                "UPDATE wecom_kf_cursor SET next_cursor = NULL, pending_token = 'ENCtoken2'"));
        kf().syncPending();
        fixture.sunlight.inbound().processPending();
        fixture.sunlight.outboxWorker().deliverDue();

        assertThat(count("SELECT count(*) FROM inbound_message WHERE channel = 'wecom-kf'")).isEqualTo(1);
        assertThat(fixture.fake.accepted(SEND)).hasSize(1);
    }

    @Test
    void anAcknowledgedEventIsSyncedAfterARestart() {
        fixture.fake.kfCustomerText("msgC1", KF, OWNER, "帮助");
        postEvent("ENCbeforeCrash");
        fixture.sunlight.close();

        WeChatFixture restarted = WeChatFixture.start(directory);
        try {
            restarted.fake.kfCustomerText("msgC1", KF, OWNER, "帮助");
            assertThat(restarted.sunlight.wechat().kf().orElseThrow().syncPending()).isEqualTo(1);
        } finally {
            restarted.close();
        }
    }

    @Test
    void aReplyAfterThe48HourWindowIsParkedWithTheReason() {
        fixture.fake.kfCustomerText("msgD1", KF, OWNER, "帮助");
        postEvent("ENCtoken3");
        kf().syncPending();
        fixture.clock.advance(Duration.ofHours(49));
        long id = fixture.sunlight.outbox().enqueue(new OutboundMessage("late:1", WeComKf.CHANNEL,
                WeComKf.target(KF, OWNER), OutboundMessage.Format.TEXT, "迟到的答复"));

        fixture.sunlight.outboxWorker().deliverDue();

        OutboxItem item = fixture.sunlight.outbox().find(id).orElseThrow();
        assertThat(item.state()).isEqualTo("dead");
        assertThat(item.lastError()).contains("48 hours");
        assertThat(fixture.fake.requests(SEND)).isEmpty();
    }

    @Test
    void wechatBusyDuringSyncLeavesTheTokenForTheNextTry() {
        fixture.fake.kfCustomerText("msgE1", KF, OWNER, "帮助");
        postEvent("ENCtoken4");
        fixture.fake.failNext("/cgi-bin/kf/sync_msg", -1, 1);

        assertThat(kf().syncPending()).isZero();
        assertThat(kf().syncPending()).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM wecom_kf_cursor WHERE pending_token IS NULL")).isEqualTo(1);
    }

    @Test
    void twoEventsInTheSameSecondAreBothKept() {
        JavalinTest.test(fixture.sunlight.web(), (server, client) -> {
            fixture.fake.kfCustomerText("msgF1", KF, OWNER, "帮助");
            SignedCallbacks.Signed first = wechat.message(event("ENCfirst", KF, fixture.clock.instant()),
                    fixture.clock.instant());
            SignedCallbacks.post(server.port(), WeComCallbacks.KF_PATH + "?" + first.query(), first.body());
            kf().syncPending();
            fixture.fake.kfCustomerText("msgF2", KF, OWNER, "菜单");
            SignedCallbacks.Signed second = wechat.message(event("ENCsecond", KF, fixture.clock.instant()),
                    fixture.clock.instant());
            SignedCallbacks.post(server.port(), WeComCallbacks.KF_PATH + "?" + second.query(), second.body());

            assertThat(kf().syncPending()).isEqualTo(1);
        });
        assertThat(count("SELECT count(*) FROM inbound_message WHERE channel = 'wecom-kf'")).isEqualTo(2);
    }

    @Test
    void atMostFiveRepliesFollowACustomersMessageAndTheirNextMessageAllowsFiveMore() {
        JavalinTest.test(fixture.sunlight.web(), (server, client) -> {
            fixture.fake.kfCustomerText("msgG1", KF, OWNER, "帮助");
            postEvent(server.port(), "ENCtoken5");
            kf().syncPending();
            List<Long> replies = new ArrayList<>();
            for (int i = 1; i <= WeComKf.MAX_REPLIES + 1; i++) {
                replies.add(fixture.sunlight.outbox().enqueue(new OutboundMessage("cap:" + i, WeComKf.CHANNEL,
                        WeComKf.target(KF, OWNER), OutboundMessage.Format.TEXT, "第" + i + "条答复")));
            }

            fixture.sunlight.outboxWorker().deliverDue();

            assertThat(fixture.fake.accepted(SEND)).hasSize(WeComKf.MAX_REPLIES);
            OutboxItem sixth = fixture.sunlight.outbox().find(replies.get(WeComKf.MAX_REPLIES)).orElseThrow();
            assertThat(sixth.state()).isEqualTo("dead");
            assertThat(sixth.lastError()).contains("already 5 replies");

            fixture.clock.advance(Duration.ofMinutes(1));
            fixture.fake.kfCustomerText("msgG2", KF, OWNER, "还有问题");
            postEvent(server.port(), "ENCtoken6");
            kf().syncPending();
            assertThat(fixture.sunlight.outbox().retry(sixth.id())).isTrue();
            fixture.sunlight.outboxWorker().deliverDue();

            assertThat(fixture.fake.accepted(SEND)).hasSize(WeComKf.MAX_REPLIES + 1)
                    .extracting(request -> request.json().path("text").path("content").asText())
                    .doesNotHaveDuplicates();
        });
    }

    private void postEvent(int port, String token) {
        SignedCallbacks.Signed signed = wechat.message(event(token, KF, fixture.clock.instant()),
                fixture.clock.instant());
        assertThat(SignedCallbacks.post(port, WeComCallbacks.KF_PATH + "?" + signed.query(), signed.body())
                .statusCode()).isEqualTo(200);
    }

    @Test
    void aReplyMetWithSystemBusyWaitsForItsBackoffAndIsSentOnce() {
        fixture.fake.kfCustomerText("msgH1", KF, OWNER, "帮助");
        postEvent("ENCtoken7");
        kf().syncPending();
        long id = fixture.sunlight.outbox().enqueue(new OutboundMessage("busy:1", WeComKf.CHANNEL,
                WeComKf.target(KF, OWNER), OutboundMessage.Format.TEXT, "答复"));
        fixture.fake.failNext(SEND, -1, 1);

        fixture.sunlight.outboxWorker().deliverDue();
        fixture.sunlight.outboxWorker().deliverDue();

        assertThat(fixture.fake.requests(SEND)).as("not tried again before the backoff").hasSize(1);
        assertThat(fixture.sunlight.outbox().find(id).orElseThrow().state()).isEqualTo("pending");

        fixture.clock.advance(Duration.ofMinutes(1));
        fixture.sunlight.outboxWorker().deliverDue();

        assertThat(fixture.fake.accepted(SEND)).hasSize(1);
        assertThat(fixture.sunlight.outbox().find(id).orElseThrow().state()).isEqualTo("sent");
    }
}
