package org.sunlight.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import io.javalin.testtools.JavalinTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sunlight.app.Sunlight;
import org.sunlight.app.TestSunlight;
import org.sunlight.channel.sandbox.SandboxStore.SandboxMessage;
import org.sunlight.ledger.LedgerFiles;
import org.sunlight.ledger.LedgerService;
import org.sunlight.ledger.UploadLinks;

/** The issue's must-show paths, end to end in the sandbox with a fixed clock. */
class DisclosureEndToEndTest {

    private static final String OWNERS = "complex:jinxiu:owners";
    private static final String COMMITTEE = "complex:jinxiu:committee";
    private static final Pattern TOKEN = Pattern.compile("/ledger/upload\\?token=([A-Za-z0-9_-]+)");
    static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([A-Za-z0-9_-]+)\"");
    static final Pattern UPLOAD = Pattern.compile("name=\"upload\" value=\"(\\d+)\"");

    @TempDir
    Path directory;

    static List<String> botLines(Sunlight sunlight, String target) {
        return sunlight.sandbox().messages(target, 0).stream().filter(SandboxMessage::fromBot)
                .map(SandboxMessage::text).toList();
    }

    static String find(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        assertThat(matcher.find()).as("%s in %s", pattern, text).isTrue();
        return matcher.group(1);
    }

    static int count(Sunlight sunlight, String sql) {
        return sunlight.jdbi().withHandle(handle -> handle.createQuery(sql).mapTo(Integer.class).one());
    }

    /** Asks the bot for a link in the group, as the committee member 陈建, and returns the token. */
    static String askForLink(Sunlight sunlight) {
        sunlight.sandbox().post(OWNERS, "chen-jian", "记账");
        sunlight.inbound().processPending();
        sunlight.outboxWorker().deliverDue();
        return find(TOKEN, String.join("\n", botLines(sunlight, "private:chen-jian")));
    }

    @Test
    void aCommitteeMemberUploadsAQuarterlyLedgerSeesTheDryRunConfirmsAndTheStatementAppearsInTheGroupAndOnItsPage()
            throws Exception {
        SettableClock clock = new SettableClock(Instant.parse("2026-04-10T02:00:00Z"));
        try (Sunlight sunlight = TestSunlight.create(directory, clock)) {
            String token = askForLink(sunlight);
            assertThat(botLines(sunlight, OWNERS)).singleElement().asString().contains("陈建", "已私信发给您");
            assertThat(botLines(sunlight, OWNERS).get(0)).doesNotContain(token);

            JavalinTest.test(sunlight.web(), (server, client) -> {
                Web web = new Web(server.port());
                String page = web.get("/ledger/upload?token=" + token).body();
                assertThat(page).contains("锦绣花园 · 上传台账", "/ledger/templates/public-revenue.xlsx");
                String csrf = find(CSRF, page);

                HttpResponse<String> dryRun = web.upload("/ledger/upload", Map.of("token", token, "csrf", csrf),
                        "2026Q1公共收益.xlsx", LedgerFiles.xlsx(LedgerFiles.quarter2026Q1()));
                String dryRunPage = dryRun.body();
                assertThat(dryRun.statusCode()).isEqualTo(200);
                assertThat(dryRunPage).contains("检查通过，将记录 2 条", "2026年第1季度公共收益", "4,500.00",
                        "确认提交并公示");
                assertThat(count(sunlight, "SELECT count(*) FROM ledger_entry")).isZero();
                assertThat(count(sunlight, "SELECT count(*) FROM statement")).isZero();

                HttpResponse<String> confirmed = web.form("/ledger/confirm", Map.of("token", token, "csrf", csrf,
                        "upload", find(UPLOAD, dryRunPage)));
                String statementPage = confirmed.body();
                assertThat(confirmed.statusCode()).isEqualTo(200);
                assertThat(confirmed.uri().getPath()).isEqualTo("/c/jinxiu/statements/public-revenue/2026Q1");

                String digest = sunlight.jdbi().withHandle(handle -> handle.createQuery("SELECT digest FROM statement")
                        .mapTo(String.class).one());
                assertThat(statementPage).contains("锦绣花园 2026年第1季度公共收益公示", "¥12,000.00", "¥4,500.00",
                        "¥1,200.00", "¥15,300.00", "更换3号楼道灯", digest,
                        "/c/jinxiu/statements/public-revenue/2026Q1/chart.png?v=1");

                sunlight.outboxWorker().deliverDue();
                List<String> group = botLines(sunlight, OWNERS);
                assertThat(group).hasSize(3);
                assertThat(group.get(1)).startsWith("【公共收益公示】锦绣花园 2026年第1季度")
                        .contains("期初余额 ¥12,000.00", "本期收入 ¥4,500.00", "本期支出 ¥1,200.00",
                                "期末余额 ¥15,300.00", "内容摘要 " + digest.substring(0, 12),
                                "/c/jinxiu/statements/public-revenue/2026Q1");
                assertThat(group.get(2)).startsWith("[图片] http")
                        .endsWith("/c/jinxiu/statements/public-revenue/2026Q1/chart.png?v=1");

                HttpResponse<byte[]> chart = web.bytes("/c/jinxiu/statements/public-revenue/2026Q1/chart.png?v=1");
                assertThat(chart.headers().firstValue("Content-Type").orElseThrow()).startsWith("image/png");
                BufferedImage image = ImageIO.read(new ByteArrayInputStream(chart.body()));
                assertThat(image.getWidth()).isEqualTo(StatementChart.WIDTH);

                assertThat(web.get("/c/jinxiu/statements").body())
                        .contains("2026年第1季度", "公共收益", digest.substring(0, 12));
                assertThat(web.get("/c/jinxiu").body()).contains("/c/jinxiu/statements");
            });
            sunlight.sandbox().post(OWNERS, "wang-fang", "公示");
            sunlight.inbound().processPending();
            sunlight.outboxWorker().deliverDue();
            assertThat(botLines(sunlight, OWNERS)).last().asString().startsWith("锦绣花园最近的公示：\n• 2026年第1季度公共收益 摘要 ")
                    .contains("/c/jinxiu/statements/public-revenue/2026Q1").endsWith("/c/jinxiu/statements");
            assertThat(sunlight.auditLog().entriesFor("ledger:jinxiu:public-revenue:2026Q1")).hasSize(1);
            assertThat(sunlight.auditLog().entriesFor("statement:jinxiu:public-revenue:2026Q1")).hasSize(1);
            assertThat(sunlight.auditLog().verify().intact()).isTrue();
        }
    }

    @Test
    void aStatementLongerThanTheChannelLimitReachesTheGroupInNumberedPartsEachWithinTheLimit() {
        SettableClock clock = new SettableClock(Instant.parse("2026-04-10T02:00:00Z"));
        try (Sunlight sunlight = TestSunlight.create(directory, clock)) {
            List<String> lines = new ArrayList<>(List.of("台账类型,公共收益", "期间,2026Q1", "期初余额,12000.00",
                    "期末余额,21000.00", "类型,类别,日期,金额,说明,凭证号,已向社区报告"));
            for (int i = 1; i <= 90; i++) {
                lines.add("收入,停车,2026-03-" + String.format("%02d", 1 + i % 28) + ",100.00,地下车位临时停车费第" + i
                        + "笔,P" + i + ",否");
            }
            long person = sunlight.registry().personByCode("chen-jian").orElseThrow().id();
            long complex = sunlight.registry().complexByCode("jinxiu").orElseThrow().complex().id();
            UploadLinks.Link link = sunlight.uploadLinks().verify(
                    sunlight.uploadLinks().issue(person, complex));
            LedgerService.DryRun dryRun = sunlight.ledgers().dryRun(link, "long.xlsx",
                    LedgerFiles.xlsx(lines.toArray(String[]::new)));
            assertThat(dryRun.problems()).isEmpty();
            sunlight.ledgers().confirm(link, dryRun.uploadId());
            sunlight.outboxWorker().deliverDue();

            List<String> group = botLines(sunlight, OWNERS);
            List<String> parts = group.subList(0, group.size() - 1);
            assertThat(parts).hasSizeGreaterThan(1).allSatisfy(part -> assertThat(
                    part.getBytes(StandardCharsets.UTF_8).length)
                    .isLessThanOrEqualTo(TextLimits.bytesFor("sandbox")));
            for (int i = 0; i < parts.size(); i++) {
                assertThat(parts.get(i)).startsWith("（" + (i + 1) + "/" + parts.size() + "）");
            }
            assertThat(parts.get(0)).contains("【公共收益公示】锦绣花园 2026年第1季度", "期末余额 ¥21,000.00");
            String joined = String.join("\n", parts);
            assertThat(joined).contains("地下车位临时停车费第1笔", "地下车位临时停车费第90笔", "内容摘要 ");
            assertThat(group).last().asString().startsWith("[图片] ").endsWith("/chart.png?v=1");
        }
    }

    @Test
    void aComplexThatFiledNothingGetsTheOverdueNoticeInItsGroupAndAnEscalationTheDayAfterTheDueDate() {
        // 2026Q1 public revenue is due Thu 30 April 2026; 1 May (Beijing) is the day after.
        SettableClock clock = new SettableClock(Instant.parse("2026-04-30T15:00:00Z")); // 23:00 on 30 April
        try (Sunlight sunlight = TestSunlight.create(directory, clock)) {
            DisclosureDuties duties = sunlight.disclosureDuties();
            duties.run(clock.instant());
            sunlight.outboxWorker().deliverDue();
            assertThat(botLines(sunlight, "complex:yangguang:owners")).noneMatch(text -> text.contains("2026年第1季度"));

            clock.set(Instant.parse("2026-04-30T16:30:00Z")); // 00:30 on 1 May
            duties.run(clock.instant());
            sunlight.outboxWorker().deliverDue();

            assertThat(botLines(sunlight, "complex:yangguang:owners")).filteredOn(text -> text.contains("2026年第1季度"))
                    .singleElement().asString()
                    .startsWith("【未按时公示】阳光苑 2026年第1季度公共收益应于 2026年4月30日 前公示");
            List<String> items = sunlight.jdbi().withHandle(handle -> handle.createQuery("SELECT e.kind || ' ' || "
                    + "e.subject_ref || ' ' || e.tier FROM escalation_item e JOIN complex c ON c.id = e.complex_id "
                    + "WHERE c.code = 'yangguang'").mapTo(String.class).list());
            assertThat(items).contains("missed-disclosure duty:yangguang:public-revenue:2026Q1 1");
            assertThat(botLines(sunlight, "community:dongyuan:community"))
                    .anyMatch(text -> text.contains("阳光苑") && text.contains("2026年第1季度公共收益未按时公示"));
        }
    }

    @Test
    void aRestartAcrossTheDueDatePostsTheOverdueNoticeExactlyOnce() {
        SettableClock clock = new SettableClock(Instant.parse("2026-04-29T02:00:00Z"));
        Sunlight first = TestSunlight.create(directory, clock);
        first.schedules().start();
        first.outboxWorker().deliverDue();
        assertThat(overdueNotices(first)).isZero();
        first.close();

        clock.set(Instant.parse("2026-05-03T02:00:00Z")); // down over the due date (30 April)
        try (Sunlight second = TestSunlight.create(directory, clock)) {
            second.schedules().start(); // runs every task once: the catch-up
            second.outboxWorker().deliverDue();
            assertThat(overdueNotices(second)).as("posted by the catch-up at start alone").isEqualTo(1);

            // Any later run, by Quartz or by hand, finds the notice already done.
            second.schedules().runNow(second.schedules().task(DisclosureDuties.TASK_KEY).orElseThrow());
            second.disclosureDuties().run(clock.instant());
            second.outboxWorker().deliverDue();

            assertThat(overdueNotices(second)).isEqualTo(1);
            assertThat(count(second, "SELECT count(*) FROM escalation_item WHERE kind = 'missed-disclosure' "
                    + "AND subject_ref = 'duty:jinxiu:public-revenue:2026Q1'")).isEqualTo(1);
        }

        clock.set(Instant.parse("2026-05-04T02:00:00Z")); // and once more after the notice went out
        try (Sunlight third = TestSunlight.create(directory, clock)) {
            third.schedules().start();
            third.outboxWorker().deliverDue();

            assertThat(overdueNotices(third)).isEqualTo(1);
            assertThat(count(third, "SELECT count(*) FROM escalation_item WHERE kind = 'missed-disclosure' "
                    + "AND subject_ref = 'duty:jinxiu:public-revenue:2026Q1'")).isEqualTo(1);
        }
    }

    @Test
    void aPeriodAlreadyPastDueWhenSunlightFirstWatchesTheComplexIsListedButNotFlagged() {
        // 2 March 2026: 2025Q4 was due 31 January, before Sunlight ran; 2026Q1 onwards is enforced.
        SettableClock clock = new SettableClock(Instant.parse("2026-03-02T02:00:00Z"));
        try (Sunlight sunlight = TestSunlight.create(directory, clock)) {
            sunlight.disclosureDuties().run(clock.instant());
            sunlight.outboxWorker().deliverDue();
            assertThat(botLines(sunlight, OWNERS)).isEmpty();
            assertThat(sunlight.disclosureDuties().duties(sunlight.registry().complexByCode("jinxiu").orElseThrow()
                    .complex().id())).extracting(DisclosureDuties.Duty::period, DisclosureDuties.Duty::enforced)
                    .contains(org.assertj.core.groups.Tuple.tuple("2025Q4", false),
                            org.assertj.core.groups.Tuple.tuple("2026Q1", true));

            clock.set(Instant.parse("2026-08-03T02:00:00Z")); // 2026Q2 fell due on 31 July: flagged once
            sunlight.disclosureDuties().run(clock.instant());
            sunlight.outboxWorker().deliverDue();
            List<String> notices = botLines(sunlight, OWNERS).stream()
                    .filter(text -> text.startsWith("【未按时公示】锦绣花园") && text.contains("季度公共收益")).toList();
            assertThat(notices).hasSize(2);
            assertThat(notices.get(0)).contains("2026年第1季度公共收益");
            assertThat(notices.get(1)).contains("2026年第2季度公共收益");
        }
    }

    private static int overdueNotices(Sunlight sunlight) {
        return (int) botLines(sunlight, OWNERS).stream()
                .filter(text -> text.startsWith("【未按时公示】锦绣花园 2026年第1季度公共收益")).count();
    }

    @Test
    void theCommitteeIsRemindedSevenAndTwoDaysBeforeTheDueDateEachOnce() {
        SettableClock clock = new SettableClock(Instant.parse("2026-04-23T02:00:00Z")); // 7 days before 30 April
        try (Sunlight sunlight = TestSunlight.create(directory, clock)) {
            sunlight.disclosureDuties().run(clock.instant());
            sunlight.disclosureDuties().run(clock.instant());
            clock.set(Instant.parse("2026-04-24T02:00:00Z"));
            sunlight.disclosureDuties().run(clock.instant());
            clock.set(Instant.parse("2026-04-28T02:00:00Z")); // 2 days before
            sunlight.disclosureDuties().run(clock.instant());
            clock.set(Instant.parse("2026-04-29T02:00:00Z"));
            sunlight.disclosureDuties().run(clock.instant());
            sunlight.outboxWorker().deliverDue();

            List<String> reminders = botLines(sunlight, COMMITTEE).stream()
                    .filter(text -> text.contains("2026年第1季度公共收益")).toList();
            assertThat(reminders).hasSize(2);
            assertThat(reminders.get(0)).contains("【公示提醒】锦绣花园", "还有 7 天");
            assertThat(reminders.get(1)).contains("还有 2 天");
        }
    }
}
