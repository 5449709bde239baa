package org.sunlight.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.sunlight.ledger.LedgerFiles.gbkCsv;
import static org.sunlight.ledger.LedgerFiles.utf8Csv;
import static org.sunlight.ledger.LedgerFiles.xlsx;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sunlight.app.Rejected;
import org.sunlight.app.Sunlight;
import org.sunlight.app.TestSunlight;

/** Every ledger check, with real files (xlsx, GBK and UTF-8 CSV), good and broken. */
class LedgerChecksWithFilesTest {

    private static final List<String> TABLES = List.of("ledger_period", "ledger_entry", "statement", "audit_log",
            "outbox", "escalation_item");

    @TempDir
    Path directory;

    private Sunlight sunlight;

    private Sunlight at(String instant) {
        sunlight = TestSunlight.create(directory, Clock.fixed(Instant.parse(instant), ZoneOffset.UTC));
        return sunlight;
    }

    @AfterEach
    void close() {
        if (sunlight != null) {
            sunlight.close();
        }
    }

    private UploadLinks.Link link() {
        long person = sunlight.registry().personByCode("chen-jian").orElseThrow().id();
        long complex = sunlight.registry().complexByCode("jinxiu").orElseThrow().complex().id();
        return sunlight.uploadLinks().verify(sunlight.uploadLinks().issue(person, complex));
    }

    private Map<String, Integer> counts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String table : TABLES) {
            counts.put(table, sunlight.jdbi().withHandle(handle -> handle.createQuery("SELECT count(*) FROM " + table)
                    .mapTo(Integer.class).one()));
        }
        return counts;
    }

    private LedgerService.DryRun dryRun(String name, byte[] content) {
        return sunlight.ledgers().dryRun(link(), name, content);
    }

    /** Dry-runs a broken file, tries to confirm it anyway, and checks nothing changed; returns the problems. */
    private List<String> refused(String name, byte[] content) {
        Map<String, Integer> before = counts();
        UploadLinks.Link link = link();
        LedgerService.DryRun dryRun = sunlight.ledgers().dryRun(link, name, content);
        assertThat(dryRun.acceptable()).isFalse();
        assertThatThrownBy(() -> sunlight.ledgers().confirm(link, dryRun.uploadId())).isInstanceOf(Rejected.class)
                .hasMessageStartingWith("文件有问题，没有记录任何内容");
        assertThat(counts()).isEqualTo(before);
        return dryRun.problems();
    }

    private LedgerService.Filed accepted(String name, byte[] content) {
        UploadLinks.Link link = link();
        LedgerService.DryRun dryRun = sunlight.ledgers().dryRun(link, name, content);
        assertThat(dryRun.problems()).isEmpty();
        return sunlight.ledgers().confirm(link, dryRun.uploadId());
    }

    private List<String> strings(String sql) {
        return sunlight.jdbi().withHandle(handle -> handle.createQuery(sql).mapTo(String.class).list());
    }

    private long sumOfEntries() {
        return sunlight.jdbi().withHandle(handle -> handle.createQuery("SELECT coalesce(sum(amount_fen), 0) "
                + "FROM ledger_entry").mapTo(Long.class).one());
    }

    @Test
    void theSameLedgerIsReadAlikeFromXlsxGbkCsvAndUtf8CsvWithOrWithoutBom() {
        at("2026-04-10T02:00:00Z");
        String[] lines = LedgerFiles.quarter2026Q1();
        List<byte[]> files = List.of(xlsx(lines), gbkCsv(lines), LedgerFiles.csv(LedgerFiles.GBK, true, lines),
                utf8Csv(lines), LedgerFiles.csv(StandardCharsets.UTF_8, false, lines));
        for (byte[] file : files) {
            LedgerService.DryRun dryRun = dryRun("ledger.csv", file);
            assertThat(dryRun.problems()).isEmpty();
            assertThat(dryRun.ledger().lines()).extracting(LedgerLine::category, LedgerLine::amountFen,
                    LedgerLine::description).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("停车", 450_000L, "1月临时停车费"),
                    org.assertj.core.groups.Tuple.tuple("维修", 120_000L, "更换3号楼道灯"));
        }
        assertThat(dryRun("ledger.xlsx", files.get(0)).ledger().period().code()).isEqualTo("2026Q1");
    }

    @Test
    void datesAndAmountsTypedIntoExcelAsDatesAndNumbersAreReadAsWritten() {
        at("2026-04-10T02:00:00Z");
        LedgerService.DryRun dryRun = dryRun("typed.xlsx", LedgerFiles.xlsxAsTyped(LedgerFiles.quarter2026Q1()));

        assertThat(dryRun.problems()).isEmpty();
        assertThat(dryRun.ledger().openingFen()).isEqualTo(1_200_000L);
        assertThat(dryRun.ledger().lines()).extracting(line -> line.date().toString(), LedgerLine::amountFen)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("2026-01-31", 450_000L),
                        org.assertj.core.groups.Tuple.tuple("2026-02-10", 120_000L));
    }

    @Test
    void badAmountsAreEachReportedWithRowAndFieldAndNothingIsRecorded() {
        at("2026-04-10T02:00:00Z");
        List<String> problems = refused("bad.csv", gbkCsv(
                "台账类型,公共收益", "期间,2026Q1", "期初余额,0", "期末余额,0",
                "类型,类别,日期,金额,说明,凭证号,已向社区报告",
                "收入,停车,2026-01-31,1e3,,,否",
                "收入,广告,2026-01-31,-5,,,否",
                "收入,场地租赁,2026-01-31,１２３,,,否",
                "支出,维修,2026-02-10,\"1,234.567\",,,否",
                "支出,保洁,2026-02-10,0,,,否",
                "支出,维修,2026-02-11,\"￥1,234.50\",,,否"));
        assertThat(problems).containsExactly(
                "第6行“金额”：金额格式不正确（示例：1234.50 或 1,234.50）：1e3",
                "第7行“金额”：金额不能为负数：-5",
                "第8行“金额”：金额含全角数字，请用半角数字：１２３",
                "第9行“金额”：金额最多两位小数：1,234.567",
                "第10行“金额”：金额必须大于 0",
                "第11行“金额”：金额请只写数字，不要带货币符号（如 1234.50 或 1,234.50）：￥1,234.50");
    }

    @Test
    void anUnknownCategoryIsRefused() {
        at("2026-04-10T02:00:00Z");
        assertThat(refused("cat.xlsx", xlsx("台账类型,公共收益", "期间,2026Q1", "期初余额,0", "期末余额,100.00",
                "类型,类别,日期,金额,说明,凭证号,已向社区报告",
                "收入,停车费,2026-01-31,100.00,,,否",
                "收入,维修,2026-01-31,100.00,,,否")))
                .containsExactly("第6行“类别”：不认识的收入类别“停车费”，应为 停车/广告/场地租赁/其他收入",
                        "第7行“类别”：不认识的收入类别“维修”，应为 停车/广告/场地租赁/其他收入");
    }

    @Test
    void aMissingColumnIsNamedOnTheHeaderRow() {
        at("2026-04-10T02:00:00Z");
        assertThat(refused("cols.csv", gbkCsv("台账类型,公共收益", "期间,2026Q1", "期初余额,0", "期末余额,100.00",
                "类型,类别,日期,说明,已向社区报告",
                "收入,停车,2026-01-31,,否")))
                .containsExactly("第5行“金额”：表头缺少“金额”列", "第5行“凭证号”：表头缺少“凭证号”列");
    }

    @Test
    void theOpeningBalanceMustEqualThePreviousClosingBalance() {
        at("2026-07-10T02:00:00Z");
        accepted("q1.xlsx", xlsx(LedgerFiles.quarter2026Q1()));
        long before = sumOfEntries();

        assertThat(refused("q2.csv", gbkCsv("台账类型,公共收益", "期间,2026Q2", "期初余额,10000.00",
                "期末余额,10500.00", "类型,类别,日期,金额,说明,凭证号,已向社区报告",
                "收入,广告,2026-05-01,500.00,电梯广告,A2605,否")))
                .containsExactly("第3行“期初余额”：期初余额 10000.00 与上期期末余额 15300.00 不一致");
        assertThat(sumOfEntries()).isEqualTo(before);
    }

    @Test
    void totalsMustAddUp() {
        at("2026-04-10T02:00:00Z");
        assertThat(refused("sum.csv", gbkCsv("台账类型,公共收益", "期间,2026Q1", "期初余额,12000.00",
                "期末余额,15000.00", "类型,类别,日期,金额,说明,凭证号,已向社区报告",
                "收入,停车,2026-01-31,4500.00,,P1,否",
                "支出,维修,2026-02-10,1200.00,,W1,否")))
                .containsExactly("第4行“期末余额”：合计不符：期初 12000.00 + 收入 4500.00 − 支出 1200.00 = 15300.00，"
                        + "文件写的是 15000.00");
    }

    @Test
    void theSameEntryTwiceIsRefusedWithinAFileAndAcrossUploads() {
        at("2026-04-10T02:00:00Z");
        assertThat(refused("dup.csv", gbkCsv("台账类型,公共收益", "期间,2026Q1", "期初余额,0",
                "期末余额,200.00", "类型,类别,日期,金额,说明,凭证号,已向社区报告",
                "收入,停车,2026-01-31,100.00,临停,P1,否",
                "收入,停车,2026-01-31,100.00,临停,P1,否")))
                .containsExactly("第7行：与第6行完全相同，同一笔不能记两次");

        String[] fund = {"台账类型,维修资金支取", "期间,2026-04", "支取前余额,1000000.00",
            "日期,金额,用途,工程,施工单位,批准文号,支取后余额,已向社区报告",
            "2026-04-02,20000.00,电梯维修,5号楼电梯,某电梯公司,业表〔2026〕1号,980000.00,是"};
        accepted("fund.xlsx", xlsx(fund));
        assertThat(refused("fund-again.xlsx", xlsx(fund))).contains("第5行：这一笔已经记录过，同一笔不能记两次");
    }

    @Test
    void aPeriodThatHasNotEndedOrWasAlreadyFiledIsRefused() {
        at("2026-04-10T02:00:00Z");
        assertThat(refused("q2.csv", gbkCsv("台账类型,公共收益", "期间,2026Q2", "期初余额,0", "期末余额,0",
                "类型,类别,日期,金额,说明,凭证号,已向社区报告")))
                .containsExactly("第2行“期间”：2026年第2季度尚未结束（2026-06-30 结束），整期结束后再提交");
        accepted("q1.xlsx", xlsx(LedgerFiles.quarter2026Q1()));
        assertThat(refused("q1-again.csv", gbkCsv("台账类型,公共收益", "期间,2026Q1", "期初余额,12000.00",
                "期末余额,12000.00", "类型,类别,日期,金额,说明,凭证号,已向社区报告")))
                .containsExactly("第2行“期间”：2026年第1季度的公共收益台账已经提交过；如有错误请发送“更正 编号 原因”冲正");
    }

    @Test
    void aDateOutsideThePeriodAndAWrongYesNoAreRefused() {
        at("2026-04-10T02:00:00Z");
        assertThat(refused("dates.csv", gbkCsv("台账类型,公共收益", "期间,2026Q1", "期初余额,0", "期末余额,100.00",
                "类型,类别,日期,金额,说明,凭证号,已向社区报告",
                "收入,停车,2026-04-01,100.00,,,否",
                "收入,停车,2026-13-01,100.00,,,也许")))
                .containsExactly("第6行“日期”：日期 2026-04-01 不在2026年第1季度内",
                        "第7行“日期”：日期格式不对，应为 2026-01-31：2026-13-01",
                        "第7行“已向社区报告”：应填“是”或“否”，不是“也许”");
    }

    @Test
    void aLargeItemWithoutAPriorReportIsFlaggedAndRaisedToTheCommunity() {
        at("2026-04-10T02:00:00Z");
        LedgerService.DryRun dryRun = dryRun("large.xlsx", xlsx("台账类型,公共收益", "期间,2026Q1",
                "期初余额,100000.00", "期末余额,40000.00", "类型,类别,日期,金额,说明,凭证号,已向社区报告",
                "支出,维修,2026-03-01,60000.00,外墙修缮,W9,否"));
        assertThat(dryRun.problems()).isEmpty();
        assertThat(dryRun.warnings()).containsExactly("第6行“已向社区报告”：大额支出 60000.00 元（达到 50000.00 元）"
                + "未事先向社区报告，将提交社区核查");

        LedgerService.Filed filed = sunlight.ledgers().confirm(link(), dryRun.uploadId());

        assertThat(strings("SELECT kind || ' ' || subject_ref || ' ' || tier FROM escalation_item"))
                .containsExactly("large-item-unreported ledger-entry:" + filed.entryIds().get(0) + " 1");
        assertThat(sunlight.statements().latest(filed.complex().complex().id(), LedgerKind.PUBLIC_REVENUE,
                Period.quarter(2026, 1)).orElseThrow().content()).contains("属大额支出，未事先向社区报告");
    }

    @Test
    void aFundBalanceUnderThirtyPercentOfTheFirstDepositOpensATopUpAlertForTheCommunity() {
        at("2026-04-10T02:00:00Z");
        // 锦绣花园's first deposit is 1,280,000.00: the line is 384,000.00.
        LedgerService.DryRun dryRun = dryRun("fund.csv", gbkCsv("台账类型,维修资金支取", "期间,2026-04",
                "支取前余额,400000.00", "日期,金额,用途,工程,施工单位,批准文号,支取后余额,已向社区报告",
                "2026-04-03,30000.00,水泵更换,二次供水泵房,某机电公司,业表〔2026〕2号,370000.00,是"));
        assertThat(dryRun.problems()).isEmpty();
        assertThat(dryRun.warnings()).containsExactly("文件“支取后余额”：维修资金余额 370000.00 元低于首期交存额的 30%"
                + "（384000.00 元），将提请社区协助制定续交方案");

        sunlight.ledgers().confirm(link(), dryRun.uploadId());
        sunlight.outboxWorker().deliverDue();

        assertThat(strings("SELECT kind || ' ' || subject_ref FROM escalation_item")).containsExactly("fund-top-up fund:jinxiu:2026-04");
        assertThat(sunlight.sandbox().messages("community:dongyuan:community", 0)).anyMatch(message ->
                message.text().contains("维修资金余额低于首期交存额的30%"));
    }

    @Test
    void aFundWithdrawalsDeclaredBalanceMustFollowFromThePreviousBalance() {
        at("2026-04-10T02:00:00Z");
        assertThat(refused("fund.xlsx", xlsx("台账类型,维修资金支取", "期间,2026-04", "支取前余额,1000000.00",
                "日期,金额,用途,工程,施工单位,批准文号,支取后余额,已向社区报告",
                "2026-04-02,20000.00,电梯维修,5号楼电梯,某电梯公司,业表〔2026〕1号,990000.00,是")))
                .containsExactly("第5行“支取后余额”：应为 1000000.00 − 20000.00 = 980000.00，文件写的是 990000.00");
    }

    @Test
    void aUtilityLedgerComputesThePerHouseholdShareAndChecksReadings() {
        at("2026-04-10T02:00:00Z");
        assertThat(refused("utility.csv", gbkCsv("台账类型,公摊水电费", "期间,2026-03", "分摊方式,按户均摊", "户数,640",
                "总面积,", "合计金额,3200.00", "项目,表号或账单号,上期读数,本期读数,用量,金额",
                "电,DB-01,10234,12234,2100,1800.00", "水,SB-01,5521,5801,280,1400.00")))
                .containsExactly("第8行“用量”：用量应为 本期读数 − 上期读数 = 2000，文件写的是 2100");

        LedgerService.Filed filed = accepted("utility.csv", gbkCsv("台账类型,公摊水电费", "期间,2026-03",
                "分摊方式,按户均摊", "户数,640", "总面积,", "合计金额,3200.00",
                "项目,表号或账单号,上期读数,本期读数,用量,金额",
                "电,DB-01,10234,12234,2000,1800.00", "水,SB-01,5521,5801,280,1400.00"));
        String content = sunlight.statements().latest(filed.complex().complex().id(), LedgerKind.UTILITY,
                filed.period()).orElseThrow().content();
        assertThat(content).contains("\"sharePerHouseholdFen\":500", "\"totalFen\":320000");
    }

    @Test
    void aFileThatIsNotASpreadsheetIsRefusedAsAWhole() {
        at("2026-04-10T02:00:00Z");
        assertThat(refused("ledger.pdf", "%PDF-1.4".getBytes(StandardCharsets.US_ASCII)))
                .containsExactly("文件：只支持 .xlsx 和 .csv 文件（收到的是“ledger.pdf”）");
        byte[] ole2 = {(byte) 0xd0, (byte) 0xcf, 0x11, (byte) 0xe0, (byte) 0xa1, (byte) 0xb1, 0x1a, (byte) 0xe1};
        assertThat(refused("old.xls", ole2)).singleElement().asString().contains("不支持旧版 .xls 文件");
        assertThat(refused("empty.csv", gbkCsv("随便写点什么")))
                .containsExactly("文件“台账类型”：缺少“台账类型”行（第一行应为：台账类型,公共收益）；请使用下载的模板");
    }

    @Test
    void confirmingValidatesTheStoredUploadAgainSoAStaleDryRunRecordsNothing() {
        at("2026-04-10T02:00:00Z");
        UploadLinks.Link link = link();
        LedgerService.DryRun first = sunlight.ledgers().dryRun(link, "a.xlsx", xlsx(LedgerFiles.quarter2026Q1()));
        LedgerService.DryRun second = sunlight.ledgers().dryRun(link, "b.xlsx", xlsx(LedgerFiles.quarter2026Q1()));
        assertThat(first.acceptable()).isTrue();
        assertThat(second.acceptable()).isTrue();
        sunlight.ledgers().confirm(link, first.uploadId());
        Map<String, Integer> before = counts();

        assertThatThrownBy(() -> sunlight.ledgers().confirm(link, second.uploadId())).isInstanceOf(Rejected.class)
                .hasMessageContaining("已经提交过");
        assertThatThrownBy(() -> sunlight.ledgers().confirm(link, first.uploadId())).isInstanceOf(Rejected.class)
                .hasMessage("这个文件已经确认提交过了");
        assertThat(counts()).isEqualTo(before);
    }
}
