package org.sunlight.channel.wecom;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.sunlight.channel.OutboundMessage;
import org.sunlight.channel.OutboxItem;
import org.sunlight.channel.fake.FakeWeChat;
import org.sunlight.channel.fake.WeChatFixture;
import org.sunlight.escalation.Escalations;
import org.sunlight.escalation.Tier;
import org.sunlight.logging.JsonLineEncoder;
import org.sunlight.registry.ComplexView;

class WeComRobotChannelTest {

    private static final String SEND = "/cgi-bin/webhook/send";

    @TempDir
    Path directory;

    private WeChatFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private WeChatFixture start(int communities, int complexes) {
        Map<String, String> keys = new HashMap<>();
        keys.put("SUNLIGHT_ROBOT_KEY_TOWN", "robot-town-5f1d7c2a");
        for (int community = 0; community < communities; community++) {
            keys.put("SUNLIGHT_ROBOT_KEY_C" + community, "robot-key-" + community + "-693a91f6");
        }
        fixture = WeChatFixture.start(directory, Deployments.withRobots(communities, complexes), keys);
        keys.values().forEach(fixture.fake::robot);
        return fixture;
    }

    private long enqueue(String key, OutboundMessage.Format format, String body) {
        return fixture.sunlight.outbox().enqueue(new OutboundMessage(key, WeComRobotChannel.NAME,
                "env:SUNLIGHT_ROBOT_KEY_C0", format, body));
    }

    @Test
    void aLongMarkdownNoticeIsSplitAtLineBoundariesUnder4096BytesAndArrivesWhole() {
        start(1, 1);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            lines.add("- 第" + i + "项：电梯维修支出 ¥12,345.00，已公示，请业主监督核对");
        }
        String body = String.join("\n", lines);

        enqueue("notice:long", OutboundMessage.Format.MARKDOWN, body);
        fixture.sunlight.outboxWorker().deliverDue();

        List<String> parts = fixture.fake.accepted(SEND).stream()
                .map(request -> request.json().path("markdown").path("content").asText()).toList();
        assertThat(parts).hasSizeGreaterThan(1)
                .allSatisfy(part -> assertThat(part.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(4096));
        assertThat(String.join("\n", parts)).isEqualTo(body);
        assertThat(fixture.sunlight.outbox().counts()).containsEntry("sent", 1);
    }

    @Test
    void plainTextIsCutUnder2048Bytes() {
        start(1, 1);
        String body = "公示".repeat(1000);

        enqueue("notice:text", OutboundMessage.Format.TEXT, body);
        fixture.sunlight.outboxWorker().deliverDue();

        List<String> parts = fixture.fake.accepted(SEND).stream()
                .map(request -> request.json().path("text").path("content").asText()).toList();
        assertThat(parts).allSatisfy(part -> assertThat(part.getBytes(StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(2048));
        assertThat(String.join("", parts)).isEqualTo(body);
    }

    @Test
    void aChartImageIsSentAsBase64WithItsMd5() {
        start(1, 1);
        byte[] png = new byte[50_000];
        png[0] = (byte) 0x89;
        png[1] = 'P';

        enqueue("chart:1", OutboundMessage.Format.IMAGE, "data:image/png;base64,"
                + Base64.getEncoder().encodeToString(png));
        fixture.sunlight.outboxWorker().deliverDue();

        FakeWeChat.Request request = fixture.fake.accepted(SEND).get(0);
        assertThat(request.json().path("msgtype").asText()).isEqualTo("image");
        assertThat(Base64.getDecoder().decode(request.json().path("image").path("base64").asText())).isEqualTo(png);
        assertThat(request.json().path("image").path("md5").asText()).hasSize(32);
    }

    @Test
    void anImageOver2MegabytesIsParkedWithTheReasonAndNeverPosted() {
        start(1, 1);
        long id = enqueue("chart:big", OutboundMessage.Format.IMAGE, "data:image/png;base64,"
                + Base64.getEncoder().encodeToString(new byte[2 * 1024 * 1024 + 1]));

        fixture.sunlight.outboxWorker().deliverDue();

        OutboxItem item = fixture.sunlight.outbox().find(id).orElseThrow();
        assertThat(item.state()).isEqualTo("dead");
        assertThat(item.lastError()).contains("2097152");
        assertThat(fixture.fake.requests(SEND)).isEmpty();
    }

    @Test
    void aRobotKeyMissingFromTheEnvironmentParksTheMessageWithAClearReason() {
        start(1, 1);
        long id = fixture.sunlight.outbox().enqueue(new OutboundMessage("notice:nokey", WeComRobotChannel.NAME,
                "env:SUNLIGHT_ROBOT_KEY_NOBODY", OutboundMessage.Format.TEXT, "测试"));

        fixture.sunlight.outboxWorker().deliverDue();

        OutboxItem item = fixture.sunlight.outbox().find(id).orElseThrow();
        assertThat(item.state()).isEqualTo("dead");
        assertThat(item.lastError()).contains("SUNLIGHT_ROBOT_KEY_NOBODY", "not set");
    }

    @Test
    void theRobotLimitOf20AMinuteHoldsAcross100ComplexesAndEverythingArrivesOnce() {
        start(4, 100);
        Escalations escalations = fixture.sunlight.escalations();
        for (ComplexView complex : fixture.sunlight.registry().complexes()) {
            for (String kind : List.of("overdue-answer", "overdue-statement")) {
                escalations.open(new Escalations.Opening(complex.complex().id(), kind,
                        kind + ":" + complex.complex().code(), Tier.COMMUNITY, complex.complex().name() + "逾期",
                        "测试", "system"));
            }
        }
        int expected = fixture.sunlight.outbox().counts().get("pending");
        assertThat(expected).isEqualTo(200);

        fixture.deliverAll(Duration.ofSeconds(5), 1_000);

        assertThat(fixture.sunlight.outbox().counts()).containsEntry("sent", expected).doesNotContainKey("dead");
        Map<String, List<Instant>> postsByRobot = fixture.fake.accepted(SEND).stream().collect(Collectors.groupingBy(
                request -> request.query().get("key"),
                Collectors.mapping(FakeWeChat.Request::at, Collectors.toList())));
        assertThat(postsByRobot).hasSize(4);
        postsByRobot.forEach((robot, posts) -> {
            assertThat(posts).hasSize(50);
            for (Instant start : posts) {
                long inWindow = posts.stream().filter(at -> !at.isBefore(start) && at.isBefore(start.plusSeconds(60)))
                        .count();
                assertThat(inWindow).as("posts by %s in the minute from %s", robot, start).isLessThanOrEqualTo(20);
            }
        });
        assertThat(fixture.fake.requests(SEND)).as("the worker waits instead of hammering WeChat")
                .hasSize(expected);
    }

    @Test
    void wechatDownForThreeHoursDuringPublishingDeliversEverythingOnceAfterItRecovers() {
        start(3, 12);
        fixture.fake.down(true);
        for (int complex = 0; complex < 12; complex++) {
            fixture.sunlight.outbox().enqueue(new OutboundMessage("statement:x" + complex + ":2026Q1",
                    WeComRobotChannel.NAME, "env:SUNLIGHT_ROBOT_KEY_C" + (complex % 3), OutboundMessage.Format.MARKDOWN,
                    "## 小区" + complex + " 2026年第一季度收支公示\n已发布"));
        }

        for (int round = 0; round < 36; round++) {
            fixture.sunlight.outboxWorker().deliverDue();
            fixture.clock.advance(Duration.ofMinutes(5));
        }
        assertThat(fixture.fake.accepted(SEND)).isEmpty();
        assertThat(fixture.sunlight.outbox().counts()).as("three hours down: waiting, not dead")
                .containsEntry("pending", 12).doesNotContainKey("dead");
        assertThat(fixture.fake.requests(SEND).size()).as("backing off, not hammering").isLessThan(12 * 15);
        fixture.fake.down(false);
        fixture.fake.failNext(SEND, 45009, 1);
        fixture.deliverAll(Duration.ofMinutes(5), 100);

        List<String> delivered = fixture.fake.accepted(SEND).stream()
                .map(request -> request.json().path("markdown").path("content").asText()).toList();
        assertThat(delivered).hasSize(12).doesNotHaveDuplicates();
        assertThat(fixture.sunlight.outbox().counts()).containsEntry("sent", 12);
    }

    @Test
    void aSlowWechatFailsTheAttemptAndTheMessageIsSentOnceLater() {
        start(1, 1);
        fixture.fake.slow(Duration.ofMillis(1_500));
        long id = enqueue("notice:slow", OutboundMessage.Format.TEXT, "慢");

        fixture.sunlight.outboxWorker().deliverDue();
        assertThat(fixture.sunlight.outbox().find(id).orElseThrow().state()).isEqualTo("pending");

        fixture.fake.slow(Duration.ZERO);
        fixture.deliverAll(Duration.ofMinutes(1), 10);
        assertThat(fixture.sunlight.outbox().find(id).orElseThrow().state()).isEqualTo("sent");
        assertThat(fixture.fake.accepted(SEND).stream().filter(r -> r.body().contains("慢"))).hasSizeBetween(1, 2);
    }

    @Test
    void noLogLineShowsARobotKeyWhenWechatFails() {
        start(1, 1);
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        root.addAppender(captured);
        try {
            fixture.fake.failNext(SEND, 93000, 1);
            long id = enqueue("notice:bad", OutboundMessage.Format.TEXT, "失败");
            fixture.sunlight.outboxWorker().deliverDue();
            assertThat(fixture.sunlight.outbox().find(id).orElseThrow().lastError()).doesNotContain("693a91f6");
        } finally {
            root.detachAppender(captured);
        }
        JsonLineEncoder encoder = new JsonLineEncoder();
        String written = captured.list.stream().map(event -> new String(encoder.encode(event), StandardCharsets.UTF_8))
                .collect(Collectors.joining());
        assertThat(captured.list).isNotEmpty();
        assertThat(written).doesNotContain("693a91f6", WeChatFixture.APP_SECRET, WeChatFixture.KF_SECRET);
    }
}
