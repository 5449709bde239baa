package org.sunlight.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sunlight.app.AppConfig;
import org.sunlight.app.Sunlight;
import org.sunlight.channel.Conversation;
import org.sunlight.channel.InboundMessage;
import org.sunlight.channel.OutboundMessage;
import org.sunlight.channel.fake.FakeClock;
import org.sunlight.channel.fake.FakeWeChat;
import org.sunlight.channel.fake.WeChatFixture;
import org.sunlight.schedule.ScheduledTask;
import org.sunlight.schedule.Schedules;
import org.sunlight.storage.DatabaseSettings;
import org.sunlight.storage.PostgresServer;

/**
 * Two Sunlight nodes on one PostgreSQL database, in one JVM: what must happen once in the cluster
 * happens once when both nodes work at the same moment.
 */
class ClusterTest {

    private static final String SEND = "/cgi-bin/message/send";

    @TempDir
    Path directory;

    private FakeClock clock;
    private FakeWeChat fake;
    private DatabaseSettings database;
    private final List<Sunlight> nodes = new ArrayList<>();
    private final ExecutorService threads = Executors.newFixedThreadPool(2);

    @BeforeEach
    void startTwoNodes() {
        clock = new FakeClock(WeChatFixture.START);
        fake = new FakeWeChat(clock).acceptSecrets(WeChatFixture.APP_SECRET);
        database = PostgresServer.freshDatabase();
        nodes.add(node("a"));
        nodes.add(node("b"));
        nodes.forEach(Sunlight::loadDeployment);
    }

    @AfterEach
    void stop() {
        threads.shutdownNow();
        nodes.forEach(Sunlight::close);
        fake.close();
    }

    private Sunlight node(String name) {
        Map<String, String> environment = new HashMap<>();
        environment.put("SUNLIGHT_WECOM_APP_SECRET", WeChatFixture.APP_SECRET);
        environment.put("SUNLIGHT_WECOM_APP_TOKEN", WeChatFixture.APP_TOKEN);
        environment.put("SUNLIGHT_WECOM_APP_AES_KEY", WeChatFixture.APP_AES_KEY);
        Map<String, String> overrides = new HashMap<>();
        overrides.put("data-dir", directory.resolve(name).toString());
        overrides.put("port", "0");
        overrides.put("deployment", AppConfig.DEMO);
        overrides.put("wecom-api-base-url", fake.baseUrl());
        overrides.put("wecom-corp-id", FakeWeChat.CORP_ID);
        overrides.put("wecom-agent-id", WeChatFixture.AGENT_ID);
        overrides.put("database-url", database.url());
        overrides.put("database-user", database.user());
        return new Sunlight(AppConfig.resolve(null, environment, overrides), clock);
    }

    /** Runs the same work on both nodes at once and returns each node's result. */
    private <T> List<T> onBothNodesAtOnce(java.util.function.Function<Sunlight, T> work) throws Exception {
        List<Future<T>> futures = new ArrayList<>();
        for (Sunlight node : nodes) {
            Callable<T> call = () -> work.apply(node);
            futures.add(threads.submit(call));
        }
        List<T> results = new ArrayList<>();
        for (Future<T> future : futures) {
            results.add(future.get());
        }
        return results;
    }

    private int count(String sql) {
        return nodes.get(0).jdbi().withHandle(handle -> handle.createQuery(sql).mapTo(Integer.class).one());
    }

    private static InboundMessage ownerSays(String dedupKey, String text) {
        return new InboundMessage(dedupKey, new Conversation("sandbox", "complex:jinxiu:owners", true, 1L),
                "wang-fang", text, Instant.parse("2026-03-02T02:00:00Z"));
    }

    @Test
    void aCallbackRetriedAgainstTheOtherNodeIsStoredAndAnsweredOnce() throws Exception {
        InboundMessage help = ownerSays("msg-1", "帮助");

        List<Boolean> duplicates = onBothNodesAtOnce(node -> node.inbound().accept(help).duplicate());
        onBothNodesAtOnce(node -> node.inbound().processPending());

        assertThat(duplicates).containsExactlyInAnyOrder(false, true);
        assertThat(count("SELECT count(*) FROM inbound_message")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM inbound_message WHERE processed_at IS NULL")).isZero();
        assertThat(count("SELECT count(*) FROM outbox")).isEqualTo(1);
    }

    @Test
    void questionsHandledOnBothNodesAtOnceAreStoredOnceWithDistinctNumbers() throws Exception {
        for (int i = 1; i <= 20; i++) {
            nodes.get(i % 2).inbound().accept(ownerSays("ask-" + i, "提问 第" + i + "个问题：停车费收入去哪了？"));
        }

        List<Integer> processed = onBothNodesAtOnce(node -> node.inbound().processPending());

        assertThat(processed.stream().mapToInt(Integer::intValue).sum()).isEqualTo(20);
        assertThat(count("SELECT count(*) FROM question")).isEqualTo(20);
        assertThat(count("SELECT count(DISTINCT number) FROM question")).isEqualTo(20);
        assertThat(count("SELECT max(number) FROM question")).isEqualTo(20);
        assertThat(count("SELECT count(*) FROM outbox WHERE body LIKE '%抱歉%'")).as("no apologies").isZero();
        assertThat(nodes.get(0).auditLog().verify().intact()).isTrue();
    }

    @Test
    void everyQueuedMessageIsSentOnceWhenBothNodesDeliverAtTheSameTime() throws Exception {
        for (int i = 1; i <= 30; i++) {
            nodes.get(i % 2).outbox().enqueue(new OutboundMessage("notice:" + i, "wecom-app", "ChenJian",
                    OutboundMessage.Format.TEXT, "通知 " + i));
        }

        List<Integer> attempted = onBothNodesAtOnce(node -> node.outboxWorker().deliverDue());

        assertThat(attempted.stream().mapToInt(Integer::intValue).sum()).isEqualTo(30);
        assertThat(fake.accepted(SEND)).hasSize(30);
        assertThat(fake.accepted(SEND).stream().map(request -> request.json().path("text").path("content").asText())
                .distinct()).hasSize(30);
        assertThat(count("SELECT count(*) FROM outbox WHERE state = 'sent'")).isEqualTo(30);
    }

    @Test
    void scheduledTasksRunOnQuartzsClusteredJobStore() {
        AtomicInteger runs = new AtomicInteger();
        try (Schedules schedules = new Schedules(nodes.get(0).jdbi(), clock,
                List.of(new ScheduledTask("count", "0 0 3 * * ?", now -> runs.incrementAndGet())))) {
            schedules.start();

            await().atMost(Duration.ofSeconds(30)).until(() -> runs.get() >= 1);
            assertThat(count("SELECT count(*) FROM qrtz_cron_triggers WHERE trigger_name = 'count'")).isEqualTo(1);
            assertThat(count("SELECT count(*) FROM qrtz_scheduler_state")).isGreaterThanOrEqualTo(1);
            assertThat(count("SELECT count(*) FROM schedule_run WHERE task_key = 'count'")).isEqualTo(1);
        }
    }

    @Test
    void sweepsOnBothNodesAtOnceEscalateEveryOverdueQuestionOnce() throws Exception {
        for (int i = 1; i <= 10; i++) {
            nodes.get(i % 2).inbound().accept(ownerSays("q-" + i, "提问 第" + i + "个问题：电梯什么时候修？"));
        }
        onBothNodesAtOnce(node -> node.inbound().processPending());
        assertThat(count("SELECT count(*) FROM question")).isEqualTo(10);
        clock.advance(Duration.ofDays(7)); // past the committee's three working days

        onBothNodesAtOnce(node -> node.escalationSweep().run(clock.instant()));
        onBothNodesAtOnce(node -> node.escalationSweep().run(clock.instant()));

        assertThat(count("SELECT count(*) FROM escalation_event WHERE action = 'escalated'")).isEqualTo(10);
        assertThat(count("SELECT count(*) FROM escalation_item WHERE tier = 1 AND missed_deadlines = 1"))
                .isEqualTo(10);
        assertThat(count("SELECT count(*) FROM outbox")).as("no notice queued twice")
                .isEqualTo(count("SELECT count(DISTINCT body) FROM outbox"));
    }
}
