package org.sunlight.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sunlight.app.Sunlight;
import org.sunlight.app.TestSunlight;
import org.sunlight.ledger.LedgerFiles;
import org.sunlight.ledger.LedgerService;
import org.sunlight.ledger.UploadLinks;

/** The utility and fund statements render as pages and charts; unknown ones are a clear 404. */
class StatementPagesTest {

    @TempDir
    Path directory;

    private static void file(Sunlight sunlight, byte[] content) {
        long person = sunlight.registry().personByCode("zhou-wuye").orElseThrow().id();
        long complex = sunlight.registry().complexByCode("yangguang").orElseThrow().complex().id();
        UploadLinks.Link link = sunlight.uploadLinks().verify(sunlight.uploadLinks().issue(person, complex));
        LedgerService.DryRun dryRun = sunlight.ledgers().dryRun(link, "ledger.csv", content);
        assertThat(dryRun.problems()).isEmpty();
        sunlight.ledgers().confirm(link, dryRun.uploadId());
    }

    private static String askLinkOf(String page) {
        Matcher matcher = ASK_LINK.matcher(page);
        assertThat(matcher.find()).as("a link to the question form").isTrue();
        return matcher.group(1);
    }

    /** A GBK csv utility ledger for March and an xlsx fund withdrawal in April, both filed. */
    private static void fileUtilityMarchAndFundApril(Sunlight sunlight) {
        file(sunlight, LedgerFiles.gbkCsv("台账类型,公摊水电费", "期间,2026-03", "分摊方式,按面积", "户数,320",
                "总面积,28000.50", "合计金额,2800.05", "项目,表号或账单号,上期读数,本期读数,用量,金额",
                "电,DB-01,100,300,200,1400.05", "水,账单2026-03,,,,1400.00"));
        file(sunlight, LedgerFiles.xlsx("台账类型,维修资金支取", "期间,2026-04", "支取前余额,500000.00",
                "日期,金额,用途,工程,施工单位,批准文号,支取后余额,已向社区报告",
                "2026-04-01,10000.00,屋面防水,3号楼屋面,某防水公司,业表〔2026〕3号,490000.00,是"));
    }

    private static final Pattern ASK_LINK = Pattern.compile("<a href=\"([^\"]+)\" id=\"ask-link\">");

    @Test
    void everyStatementPageLinksToTheQuestionFormWhichStartsWithWhatItIsAbout() {
        try (Sunlight sunlight = TestSunlight.create(directory, Clock.fixed(Instant.parse("2026-04-10T02:00:00Z"),
                ZoneOffset.UTC))) {
            fileUtilityMarchAndFundApril(sunlight);

            JavalinTest.test(sunlight.web(), (server, client) -> {
                Map<String, String> expected = Map.of(
                        "/c/yangguang/statements/utility/2026-03", "关于2026年3月公摊水电费公示：",
                        "/c/yangguang/statements/fund/2026-04", "关于2026年4月维修资金支取公示：");
                for (Map.Entry<String, String> statement : expected.entrySet()) {
                    String link = askLinkOf(client.get(statement.getKey()).body().string());
                    assertThat(link).as(statement.getKey()).startsWith("/c/yangguang/ask?about=");
                    assertThat(client.get(link).body().string()).as(link)
                            .contains("maxlength=\"1000\">" + statement.getValue() + "</textarea>");
                }
            });
        }
    }

    @Test
    void utilityAndFundStatementsHaveTheirPagesAndCharts() {
        try (Sunlight sunlight = TestSunlight.create(directory, Clock.fixed(Instant.parse("2026-04-10T02:00:00Z"),
                ZoneOffset.UTC))) {
            fileUtilityMarchAndFundApril(sunlight);

            JavalinTest.test(sunlight.web(), (server, client) -> {
                String utility = client.get("/c/yangguang/statements/utility/2026-03").body().string();
                assertThat(utility).contains("阳光苑 2026年3月公摊水电费公示", "按面积", "每平方米分摊（总面积 28000.50 平方米）",
                        "¥0.10", "账单2026-03", "1,400.05");
                String fund = client.get("/c/yangguang/statements/fund/2026-04").body().string();
                assertThat(fund).contains("2026年4月维修资金支取公示", "¥500,000.00", "¥490,000.00", "某防水公司",
                        "业表〔2026〕3号");
                assertThat(client.get("/c/yangguang/statements/fund/2026-04/chart.png").code()).isEqualTo(200);
                assertThat(client.get("/c/yangguang/statements").body().string())
                        .contains("2026年3月", "公摊水电费", "2026年4月", "维修资金支取")
                        .contains("<a href=\"/c/yangguang/ask\" id=\"ask-link\">");

                Response missing = client.get("/c/yangguang/statements/public-revenue/2026Q1");
                assertThat(missing.code()).isEqualTo(404);
                assertThat(missing.body().string()).contains("阳光苑2026年第1季度公共收益还没有公示");
                assertThat(client.get("/c/yangguang/statements/utility/2026-3").code()).isEqualTo(404);
                assertThat(fund).doesNotContain("公示记录可能在发布后被改动");

                sunlight.jdbi().useHandle(handle -> handle.execute("UPDATE statement SET content = "
                        + "replace(content, '某防水公司', '另一家公司') WHERE kind = 'fund'"));
                assertThat(client.get("/c/yangguang/statements/fund/2026-04").body().string())
                        .contains("本页内容与发布时的摘要不符，公示记录可能在发布后被改动");
            });
        }
    }
}
