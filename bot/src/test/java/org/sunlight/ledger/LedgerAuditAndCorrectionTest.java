package org.sunlight.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import io.javalin.testtools.JavalinTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sunlight.Main;
import org.sunlight.app.Sunlight;
import org.sunlight.app.TestSunlight;
import org.sunlight.audit.AuditEntry;
import org.sunlight.channel.sandbox.SandboxStore.SandboxMessage;
import org.sunlight.cli.CommandLine;
import org.sunlight.disclosure.Statement;
import org.sunlight.storage.Database;

/** Accepted ledgers and publications are in the hash chain; corrections are reversing entries. */
class LedgerAuditAndCorrectionTest {

    private static final String OWNERS = "complex:jinxiu:owners";

    @TempDir
    Path directory;

    private static Sunlight sunlightAt(Path directory, String instant) {
        return TestSunlight.create(directory, Clock.fixed(Instant.parse(instant), ZoneOffset.UTC));
    }

    private static LedgerService.Filed fileQuarter(Sunlight sunlight) {
        long person = sunlight.registry().personByCode("chen-jian").orElseThrow().id();
        long complex = sunlight.registry().complexByCode("jinxiu").orElseThrow().complex().id();
        UploadLinks.Link link = sunlight.uploadLinks().verify(sunlight.uploadLinks().issue(person, complex));
        LedgerService.DryRun dryRun = sunlight.ledgers().dryRun(link, "q1.xlsx",
                LedgerFiles.xlsx(LedgerFiles.quarter2026Q1()));
        return sunlight.ledgers().confirm(link, dryRun.uploadId());
    }

    private static List<String> botLines(Sunlight sunlight, String target) {
        return sunlight.sandbox().messages(target, 0).stream().filter(SandboxMessage::fromBot)
                .map(SandboxMessage::text).toList();
    }

    @Test
    void verifyAuditNamesTheLedgerEntryEditedDirectlyInSqlite() {
        long seq;
        try (Sunlight sunlight = sunlightAt(directory, "2026-04-10T02:00:00Z")) {
            fileQuarter(sunlight);
            AuditEntry filed = sunlight.auditLog().entriesFor("ledger:jinxiu:public-revenue:2026Q1").get(0);
            assertThat(filed.detail()).contains("\"amountFen\":450000");
            seq = filed.seq();
            assertThat(sunlight.auditLog().verify().intact()).isTrue();
        }
        // Someone with the database file lowers the recorded parking income by hand.
        Database.open(directory.resolve("data").resolve("sunlight.db")).useHandle(handle -> handle.execute(
                "UPDATE audit_log SET detail = replace(detail, '\"amountFen\":450000', '\"amountFen\":45000') "
                        + "WHERE seq = ?", seq));

        StringWriter out = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(new StringWriter(), true));
        int exit = commandLine.execute("verify-audit", "--data-dir", directory.resolve("data").toString());

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).contains("audit log BROKEN at entry " + seq + ": its content does not match its hash");
    }

    private int verifyAudit(StringWriter out) {
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(new StringWriter(), true));
        return commandLine.execute("verify-audit", "--data-dir", directory.resolve("data").toString());
    }

    @Test
    void verifyAuditFindsLedgerAndStatementRowsEditedBesideAnIntactChain() {
        long parking;
        long repair;
        long correction;
        try (Sunlight sunlight = sunlightAt(directory, "2026-04-10T02:00:00Z")) {
            LedgerService.Filed filed = fileQuarter(sunlight);
            parking = filed.entryIds().get(0);
            repair = filed.entryIds().get(1);
            correction = sunlight.ledgers().correct(filed.complex(), repair, "金额录错", "person:chen-jian")
                    .entryIds().get(0);
        }
        StringWriter clean = new StringWriter();
        assertThat(verifyAudit(clean)).isZero();
        assertThat(clean.toString()).contains("ledger entries (3) and statements (2) match the audit log");

        // Someone with the database file drops the append-only triggers and edits rows, leaving the chain alone.
        Database.open(directory.resolve("data").resolve("sunlight.db")).useHandle(handle -> {
            handle.execute("DROP TRIGGER ledger_entry_append_only_update");
            handle.execute("UPDATE ledger_entry SET amount_fen = 45000 WHERE id = ?", parking);
            handle.execute("UPDATE ledger_entry SET description = '更换全部楼道灯' WHERE id = ?", repair);
            handle.execute("UPDATE ledger_entry SET reason = '无' WHERE id = ?", correction);
            handle.execute("UPDATE statement SET content = replace(content, '更换3号楼道灯', '更换全部楼道灯') "
                    + "WHERE version = 1");
        });
        StringWriter out = new StringWriter();

        assertThat(verifyAudit(out)).isEqualTo(1);

        assertThat(out.toString()).contains("audit log intact",
                "records DIFFER from the audit log (4):",
                "ledger entry #" + parking + ": differs from audit entry",
                " in amount",
                "ledger entry #" + repair + ": differs from audit entry",
                "in date, description, voucher, meter or reading",
                "ledger entry #" + correction + ": differs from audit entry",
                " in reason",
                "statement #1: its content does not match its digest");
    }

    @Test
    void aCorrectionInChatIsAReversingEntryAndTheStatementIsRepublishedWithANewDigestReplacingTheOld() {
        try (Sunlight sunlight = sunlightAt(directory, "2026-04-10T02:00:00Z")) {
            LedgerService.Filed filed = fileQuarter(sunlight);
            long repair = filed.entryIds().get(1);
            Statement first = sunlight.statements().latest(filed.complex().complex().id(), LedgerKind.PUBLIC_REVENUE,
                    filed.period()).orElseThrow();

            sunlight.sandbox().post(OWNERS, "chen-jian", "更正 " + repair + " 金额录错，实为 1,100.00");
            sunlight.sandbox().post(OWNERS, "wang-fang", "更正 " + filed.entryIds().get(0) + " 我觉得不对");
            sunlight.inbound().processPending();
            sunlight.outboxWorker().deliverDue();

            List<Statement> versions = sunlight.statements().versions(filed.complex().complex().id(),
                    LedgerKind.PUBLIC_REVENUE, filed.period());
            assertThat(versions).hasSize(2);
            Statement second = versions.get(1);
            assertThat(second.digest()).isNotEqualTo(first.digest());
            assertThat(second.content()).contains("\"replacesDigest\":\"" + first.digest() + "\"",
                    "\"closingFen\":1650000", "金额录错");
            long entries = sunlight.jdbi().withHandle(handle -> handle.createQuery("SELECT count(*) FROM ledger_entry")
                    .mapTo(Long.class).one());
            assertThat(entries).isEqualTo(3); // two original lines and one reversal; nothing edited or deleted
            assertThatThrownBy(() -> sunlight.jdbi().useHandle(handle -> handle.execute(
                    "UPDATE ledger_entry SET amount_fen = 1 WHERE id = ?", repair)))
                    .hasMessageContaining("ledger entries are append-only");
            assertThatThrownBy(() -> sunlight.jdbi().useHandle(handle -> handle.execute(
                    "DELETE FROM ledger_entry WHERE id = ?", repair)))
                    .hasMessageContaining("ledger entries are append-only");

            List<String> group = botLines(sunlight, OWNERS);
            assertThat(group).anyMatch(text -> text.startsWith("已冲正第 " + repair + " 条"));
            assertThat(group).contains("抱歉，您的身份不能使用这个命令。发送“帮助”查看您可用的命令。");
            assertThat(group).anyMatch(text -> text.startsWith("【公共收益公示】锦绣花园 2026年第1季度（第2版，更正后重新公示，替代摘要 "
                    + first.shortDigest()) && text.contains("更正 #") && text.contains("冲销 #" + repair)
                    && text.contains("（已更正）") && text.contains("内容摘要 " + second.shortDigest()));
            JavalinTest.test(sunlight.web(), (server, client) -> {
                String page = client.get("/c/jinxiu/statements/public-revenue/2026Q1").body().string();
                assertThat(page).contains("<h2>更正</h2>", "冲销第 " + repair + " 条 维修 ¥1,200.00，原因：金额录错",
                        "class=\"corrected\"", "第 1 版", first.digest() + "（已被更正后的版本替代）",
                        second.digest() + "（当前）");
            });
            assertThat(sunlight.auditLog().entriesFor("ledger:jinxiu:public-revenue:2026Q1"))
                    .extracting(AuditEntry::action).containsExactly("ledger.file", "ledger.correct");
            assertThat(sunlight.auditLog().verify().intact()).isTrue();

            sunlight.sandbox().post(OWNERS, "chen-jian", "更正 " + repair + " 再来一次");
            sunlight.inbound().processPending();
            sunlight.outboxWorker().deliverDue();
            assertThat(botLines(sunlight, OWNERS)).last().asString().contains("已经更正过了");
        }
    }

    @Test
    void aSmallEntryInChatIsCheckedLikeAFileThenRecordedOnConfirmation() {
        try (Sunlight sunlight = sunlightAt(directory, "2026-04-10T02:00:00Z")) {
            LedgerService.Filed filed = fileQuarter(sunlight);
            long complexId = filed.complex().complex().id();

            sunlight.sandbox().post("private:chen-jian", "chen-jian", "记账 2026Q1 支出 维修 2026-02-10 -5 更换楼道灯");
            sunlight.inbound().processPending();
            sunlight.outboxWorker().deliverDue();
            assertThat(botLines(sunlight, "private:chen-jian")).last().asString()
                    .isEqualTo("这笔记账有问题，没有记录：\n• “金额”：金额不能为负数：-5");
            sunlight.sandbox().post("private:chen-jian", "chen-jian", "确认记账");
            sunlight.inbound().processPending();
            assertThat(sunlight.statements().versions(complexId, LedgerKind.PUBLIC_REVENUE, filed.period())).hasSize(1);

            sunlight.sandbox().post("private:chen-jian", "chen-jian",
                    "记账 2026Q1 收入 广告 2026-03-20 800.00 电梯广告 A2603");
            sunlight.inbound().processPending();
            sunlight.outboxWorker().deliverDue();
            assertThat(botLines(sunlight, "private:chen-jian")).last().asString()
                    .startsWith("检查通过，将补录到2026年第1季度公共收益：\n收入·广告 2026年3月20日 ¥800.00 电梯广告")
                    .endsWith("确认无误请回复“确认记账”（2 小时内有效），记录后将重新公示。");

            sunlight.sandbox().post("private:chen-jian", "chen-jian", "确认记账");
            sunlight.inbound().processPending();
            sunlight.outboxWorker().deliverDue();

            assertThat(botLines(sunlight, "private:chen-jian")).last().asString()
                    .startsWith("已补录第 3 条，2026年第1季度公共收益公示已重新发布");
            Statement latest = sunlight.statements().latest(complexId, LedgerKind.PUBLIC_REVENUE, filed.period())
                    .orElseThrow();
            assertThat(latest.version()).isEqualTo(2);
            assertThat(latest.content()).contains("\"closingFen\":1610000", "电梯广告");
            assertThat(botLines(sunlight, OWNERS)).anyMatch(text -> text.contains("（第2版") && text.contains("电梯广告"));
        }
    }

    @Test
    void aSmallEntryTypedInTheOwnersGroupIsCheckedThereAndRecordedOnConfirmation() {
        try (Sunlight sunlight = sunlightAt(directory, "2026-04-10T02:00:00Z")) {
            LedgerService.Filed filed = fileQuarter(sunlight);
            long complexId = filed.complex().complex().id();

            sunlight.sandbox().post(OWNERS, "chen-jian", "记账 2026Q1 收入 广告 2026-03-20 1,234.567 电梯广告");
            sunlight.inbound().processPending();
            sunlight.outboxWorker().deliverDue();
            assertThat(botLines(sunlight, OWNERS)).last().asString().startsWith("这笔记账有问题，没有记录：")
                    .contains("“金额”");

            sunlight.sandbox().post(OWNERS, "chen-jian", "记账 2026Q1 收入 广告 2026-03-20 800.00 电梯广告 A2603");
            sunlight.inbound().processPending();
            sunlight.outboxWorker().deliverDue();
            assertThat(botLines(sunlight, OWNERS)).last().asString()
                    .startsWith("检查通过，将补录到2026年第1季度公共收益：");

            sunlight.sandbox().post(OWNERS, "wang-fang", "确认记账");
            sunlight.inbound().processPending();
            assertThat(sunlight.statements().versions(complexId, LedgerKind.PUBLIC_REVENUE, filed.period()))
                    .as("an owner cannot confirm a committee member's entry").hasSize(1);

            sunlight.sandbox().post(OWNERS, "chen-jian", "确认记账");
            sunlight.inbound().processPending();
            sunlight.outboxWorker().deliverDue();
            assertThat(sunlight.statements().latest(complexId, LedgerKind.PUBLIC_REVENUE, filed.period())
                    .orElseThrow().content()).contains("电梯广告");
            assertThat(botLines(sunlight, OWNERS)).anyMatch(text -> text.startsWith("已补录第 3 条"));
        }
    }
}
