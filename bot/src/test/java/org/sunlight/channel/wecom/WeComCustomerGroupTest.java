package org.sunlight.channel.wecom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sunlight.Main;
import org.sunlight.app.Rejected;
import org.sunlight.channel.OutboundMessage;
import org.sunlight.channel.fake.FakeWeChat;
import org.sunlight.channel.fake.WeChatFixture;
import org.sunlight.cli.CommandLine;
import org.sunlight.registry.ChannelBinding;
import org.sunlight.registry.ScopeType;

class WeComCustomerGroupTest {

    private static final String TEMPLATE = "/cgi-bin/externalcontact/add_msg_template";
    private static final String JINXIU_GROUP = "wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA";
    private static final String YANGGUANG_GROUP = "wrOgQhDgAAcwMTB7YmDkbeBsgT_BBBB";
    private static final String HUPAN_GROUP = "wrOgQhDgAAo8aD3Rr0JdZqQ9xT_CCCC";

    @TempDir
    Path directory;

    private WeChatFixture fixture;
    private WeComGroups groups;

    @BeforeEach
    void start() {
        fixture = WeChatFixture.start(directory);
        fixture.fake.groupChat(JINXIU_GROUP, "锦绣花园业主群", "ZhouJingli")
                .groupChat(YANGGUANG_GROUP, "阳光苑业主群", "ZhouJingli")
                .groupChat(HUPAN_GROUP, "湖畔家园业主群", "WuZhuguan");
        groups = fixture.sunlight.wechat().groups().orElseThrow();
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private int count(String sql) {
        return fixture.sunlight.jdbi().withHandle(handle -> handle.createQuery(sql).mapTo(Integer.class).one());
    }

    private long complexId(String code) {
        return fixture.sunlight.registry().complexByCode(code).orElseThrow().complex().id();
    }

    private long statement(String code, String chatId) {
        return fixture.sunlight.outbox().enqueue(new OutboundMessage("statement:" + code + ":2026Q1",
                WeComGroups.CHANNEL, chatId, OutboundMessage.Format.TEXT, code + " 2026年第一季度收支公示已发布"));
    }

    @Test
    void customerGroupsAreListedAndBoundToComplexesAndTheBindingOutlivesADeploymentReload() {
        assertThat(groups.list()).extracting(WeComGroups.Group::name, WeComGroups.Group::boundComplexCode)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("锦绣花园业主群", null),
                        org.assertj.core.groups.Tuple.tuple("阳光苑业主群", null),
                        org.assertj.core.groups.Tuple.tuple("湖畔家园业主群", null));

        groups.bind("jinxiu", JINXIU_GROUP, "test");
        fixture.sunlight.loadDeployment();

        assertThat(fixture.sunlight.registry().bindingsOf(ScopeType.COMPLEX, complexId("jinxiu")))
                .contains(new ChannelBinding(ScopeType.COMPLEX, complexId("jinxiu"), ChannelBinding.OWNERS,
                        WeComGroups.CHANNEL, JINXIU_GROUP));
        assertThat(groups.list()).filteredOn(group -> group.chatId().equals(JINXIU_GROUP))
                .extracting(WeComGroups.Group::boundComplexCode).containsExactly("jinxiu");
        assertThat(fixture.sunlight.auditLog().entriesFor("complex:jinxiu")).isNotEmpty();
    }

    @Test
    void bindingAnUnknownComplexOrGroupChangesNothing() {
        assertThatThrownBy(() -> groups.bind("nowhere", JINXIU_GROUP, "test")).isInstanceOf(Rejected.class)
                .hasMessageContaining("nowhere");
        assertThatThrownBy(() -> groups.bind("jinxiu", "wrNoSuchGroup", "test")).isInstanceOf(Rejected.class)
                .hasMessageContaining("wrNoSuchGroup");
        assertThat(count("SELECT count(*) FROM wecom_group_binding")).isZero();
    }

    @Test
    void aStatementBecomesAGroupTaskForTheOwnerAndIsTrackedUntilConfirmed() {
        groups.bind("jinxiu", JINXIU_GROUP, "test");
        statement("jinxiu", JINXIU_GROUP);

        fixture.sunlight.outboxWorker().deliverDue();

        FakeWeChat.Request request = fixture.fake.accepted(TEMPLATE).get(0);
        assertThat(request.json().path("chat_type").asText()).isEqualTo("group");
        assertThat(request.json().path("sender").asText()).isEqualTo("ZhouJingli");
        assertThat(request.json().path("chat_id_list").get(0).asText()).isEqualTo(JINXIU_GROUP);
        GroupMessageTracker tracker = fixture.sunlight.wechat().groupTracker().orElseThrow();
        assertThat(tracker.poll()).isEqualTo(1);

        fixture.fake.confirmGroupMessage(fixture.sunlight.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT msgid FROM wecom_group_message").mapTo(String.class).one()));
        assertThat(tracker.poll()).isZero();
        fixture.clock.advance(Duration.ofDays(2));
        tracker.poll();

        assertThat(count("SELECT count(*) FROM escalation_item")).isZero();
        assertThat(fixture.fake.requests("/cgi-bin/externalcontact/remind_groupmsg_send")).isEmpty();
    }

    @Test
    void anUnconfirmedStatementIsRemindedOnceThenSurfacesAsALateDisclosureOnce() {
        groups.bind("jinxiu", JINXIU_GROUP, "test");
        statement("jinxiu", JINXIU_GROUP);
        fixture.sunlight.outboxWorker().deliverDue();
        GroupMessageTracker tracker = fixture.sunlight.wechat().groupTracker().orElseThrow();

        fixture.clock.advance(Duration.ofHours(5));
        tracker.poll();
        tracker.poll();
        assertThat(fixture.fake.accepted("/cgi-bin/externalcontact/remind_groupmsg_send")).hasSize(1);
        assertThat(count("SELECT count(*) FROM escalation_item")).isZero();

        fixture.clock.advance(Duration.ofHours(20));
        tracker.poll();
        tracker.poll();

        assertThat(count("SELECT count(*) FROM escalation_item WHERE kind = 'unconfirmed-disclosure' "
                + "AND complex_id = " + complexId("jinxiu"))).isEqualTo(1);
        String title = fixture.sunlight.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT title FROM escalation_item").mapTo(String.class).one());
        assertThat(title).contains("锦绣花园", "未确认");
        assertThat(fixture.fake.accepted("/cgi-bin/externalcontact/remind_groupmsg_send")).hasSize(1);
    }

    @Test
    void wechatDownDuringAQuartersPublishingDeliversEveryGroupTaskOnceAfterRecovery() {
        groups.bind("jinxiu", JINXIU_GROUP, "test");
        groups.bind("yangguang", YANGGUANG_GROUP, "test");
        groups.bind("hupan", HUPAN_GROUP, "test");
        fixture.fake.down(true);
        statement("jinxiu", JINXIU_GROUP);
        statement("yangguang", YANGGUANG_GROUP);
        statement("hupan", HUPAN_GROUP);

        for (int round = 0; round < 36; round++) {
            fixture.sunlight.outboxWorker().deliverDue();
            fixture.clock.advance(Duration.ofMinutes(5));
        }
        assertThat(fixture.fake.accepted(TEMPLATE)).isEmpty();
        assertThat(fixture.sunlight.outbox().counts()).containsEntry("pending", 3).doesNotContainKey("dead");
        fixture.fake.down(false);
        fixture.fake.failNext(TEMPLATE, 45009, 1);
        fixture.fake.failNext(TEMPLATE, 42001, 1);
        fixture.deliverAll(Duration.ofMinutes(10), 50);

        List<String> chats = fixture.fake.accepted(TEMPLATE).stream()
                .map(request -> request.json().path("chat_id_list").get(0).asText()).toList();
        assertThat(chats).containsExactlyInAnyOrder(JINXIU_GROUP, YANGGUANG_GROUP, HUPAN_GROUP);
        assertThat(count("SELECT count(*) FROM wecom_group_message")).isEqualTo(3);
    }

    @Test
    void aCrashAfterTheTaskWasCreatedButBeforeItWasMarkedSentCreatesNoSecondTask() {
        groups.bind("jinxiu", JINXIU_GROUP, "test");
        long id = statement("jinxiu", JINXIU_GROUP);
        fixture.sunlight.outboxWorker().deliverDue();
        fixture.sunlight.jdbi().useHandle(handle -> handle.execute(
                "UPDATE outbox SET state = 'pending', sent_at = NULL WHERE id = ?", id));

        fixture.sunlight.outboxWorker().deliverDue();

        assertThat(fixture.fake.requests(TEMPLATE)).hasSize(1);
        assertThat(fixture.sunlight.outbox().find(id).orElseThrow().state()).isEqualTo("sent");
    }

    @Test
    void theCommandLineListsGroupsAndBindsOne() throws Exception {
        Path secret = directory.resolve("contact-secret");
        Files.writeString(secret, WeChatFixture.CONTACT_SECRET + "\n");
        Path config = directory.resolve("cli.properties");
        Files.writeString(config, "wecom-api-base-url=" + fixture.fake.baseUrl() + "\nwecom-corp-id="
                + FakeWeChat.CORP_ID + "\nwecom-contact-secret-file=" + secret + "\n");
        String dataDir = directory.resolve("data").toString();

        StringWriter listed = new StringWriter();
        CommandLine list = Main.commandLine();
        list.setOut(new PrintWriter(listed));
        assertThat(list.execute("wecom-groups", "--config", config.toString(), "--data-dir", dataDir)).isZero();
        StringWriter bound = new StringWriter();
        CommandLine bind = Main.commandLine();
        bind.setOut(new PrintWriter(bound));
        assertThat(bind.execute("bind-group", "--config", config.toString(), "--data-dir", dataDir, "hupan",
                HUPAN_GROUP)).isZero();
        StringWriter refused = new StringWriter();
        CommandLine wrong = Main.commandLine();
        wrong.setErr(new PrintWriter(refused));

        assertThat(listed.toString()).contains(HUPAN_GROUP, "湖畔家园业主群", "(not bound)");
        assertThat(bound.toString()).contains("bound " + HUPAN_GROUP, "hupan");
        assertThat(groups.bindings()).extracting(WeComGroups.Binding::chatId).containsExactly(HUPAN_GROUP);
        assertThat(wrong.execute("bind-group", "--config", config.toString(), "--data-dir", dataDir, "nowhere",
                HUPAN_GROUP)).isEqualTo(2);
        assertThat(refused.toString()).contains("nowhere");
        assertThat(listed.toString() + bound + refused).doesNotContain(WeChatFixture.CONTACT_SECRET);
    }
}
