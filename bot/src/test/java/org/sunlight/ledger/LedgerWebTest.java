package org.sunlight.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.javalin.testtools.FormBody;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sunlight.app.Sunlight;
import org.sunlight.app.TestSunlight;

/** The web side of ledgers: templates, the form, and links that expire or are forged. */
class LedgerWebTest {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([A-Za-z0-9_-]+)\"");

    @TempDir
    Path directory;

    private static String token(Sunlight sunlight) {
        long person = sunlight.registry().personByCode("he-jing").orElseThrow().id();
        long complex = sunlight.registry().complexByCode("hupan").orElseThrow().complex().id();
        return sunlight.uploadLinks().issue(person, complex);
    }

    private static String csrf(String page) {
        Matcher matcher = CSRF.matcher(page);
        assertThat(matcher.find()).isTrue();
        return matcher.group(1);
    }

    @Test
    void theDownloadableTemplatesPassTheirOwnChecks() {
        try (Sunlight sunlight = TestSunlight.create(directory, Clock.fixed(Instant.parse("2026-07-10T02:00:00Z"),
                ZoneOffset.UTC))) {
            TableReader reader = new TableReader();
            LedgerParser parser = new LedgerParser();
            for (LedgerKind kind : LedgerKind.values()) {
                for (byte[] file : List.of(LedgerTemplates.csv(LedgerFormat.example(kind)),
                        LedgerTemplates.xlsx(LedgerFormat.example(kind)))) {
                    TableReader.Result table = reader.read(kind.code() + ".csv", file);
                    assertThat(table.error()).isNull();
                    ParsedLedger parsed = parser.parse(table.rows());
                    assertThat(parsed.problems()).as(kind.code()).isEmpty();
                    assertThat(parsed.kind()).isEqualTo(kind);
                    assertThat(parsed.lines()).isNotEmpty();
                }
            }
            JavalinTest.test(sunlight.web(), (server, client) -> {
                Response csv = client.get("/ledger/templates/public-revenue.csv");
                assertThat(csv.code()).isEqualTo(200);
                assertThat(csv.body().string()).contains("台账类型,公共收益", "类型,类别,日期,金额,说明,凭证号,已向社区报告");
                assertThat(client.get("/ledger/templates/fund.xlsx").code()).isEqualTo(200);
                assertThat(client.get("/ledger/templates/other.csv").code()).isEqualTo(404);
            });
        }
    }

    @Test
    void theWebFormGoesThroughTheSameChecksAndNamesTheRowsItShows() {
        try (Sunlight sunlight = TestSunlight.create(directory, Clock.fixed(Instant.parse("2026-04-10T02:00:00Z"),
                ZoneOffset.UTC))) {
            String token = token(sunlight);
            JavalinTest.test(sunlight.web(), (server, client) -> {
                String form = client.get("/ledger/form?token=" + token + "&kind=public-revenue").body().string();
                assertThat(form).contains("湖畔家园 · 填写公共收益台账", "第6行", "name=\"cell-0-3\"");
                FormBody.Builder body = new FormBody.Builder().add("token", token).add("csrf", csrf(form))
                        .add("kind", "public-revenue").add("key1", "2026Q1").add("key2", "0").add("key3", "25000.00")
                        .add("cell-0-0", "收入").add("cell-0-1", "停车").add("cell-0-2", "2026-03-01")
                        .add("cell-0-3", "25000.00").add("cell-0-6", "否")
                        .add("cell-1-0", "支出").add("cell-1-1", "绿化").add("cell-1-2", "2026-03-02")
                        .add("cell-1-3", "100").add("cell-1-6", "否");
                Response refused = client.request("/ledger/form", builder -> builder.post(body.build()));
                assertThat(refused.code()).isEqualTo(422);
                assertThat(refused.body().string()).contains("发现 1 个问题，未记录任何内容",
                        "第7行“类别”：不认识的支出类别“绿化”，应为 维修/保洁/工作经费/其他支出");

                FormBody.Builder fixed = new FormBody.Builder().add("token", token).add("csrf", csrf(form))
                        .add("kind", "public-revenue").add("key1", "2026Q1").add("key2", "0").add("key3", "25000.00")
                        .add("cell-0-0", "收入").add("cell-0-1", "停车").add("cell-0-2", "2026-03-01")
                        .add("cell-0-3", "25000.00").add("cell-0-6", "否");
                Response checked = client.request("/ledger/form", builder -> builder.post(fixed.build()));
                assertThat(checked.code()).isEqualTo(200);
                assertThat(checked.body().string()).contains("检查通过，将记录 1 条", "25,000.00");
            });
            int entries = sunlight.jdbi().withHandle(handle -> handle.createQuery("SELECT count(*) FROM ledger_entry")
                    .mapTo(Integer.class).one());
            assertThat(entries).isZero();
        }
    }

    @Test
    void aLinkWorksOnlyForTwoHoursAndOnlyWithItsCsrfToken() {
        Instant start = Instant.parse("2026-04-10T02:00:00Z");
        String token;
        try (Sunlight sunlight = TestSunlight.create(directory, Clock.fixed(start, ZoneOffset.UTC))) {
            token = token(sunlight);
            JavalinTest.test(sunlight.web(), (server, client) -> {
                assertThat(client.get("/ledger/upload?token=" + token).code()).isEqualTo(200);
                assertThat(client.get("/ledger/upload?token=forged").code()).isEqualTo(403);
                Response forged = client.request("/ledger/confirm", builder -> builder.post(new FormBody.Builder()
                        .add("token", token).add("csrf", "wrong").add("upload", "1").build()));
                assertThat(forged.code()).isEqualTo(403);
                assertThat(forged.body().string()).contains("表单已失效");
            });
        }
        try (Sunlight later = TestSunlight.create(directory, Clock.fixed(start.plus(Duration.ofHours(2)),
                ZoneOffset.UTC))) {
            JavalinTest.test(later.web(), (server, client) -> {
                Response expired = client.get("/ledger/upload?token=" + token);
                assertThat(expired.code()).isEqualTo(403);
                assertThat(expired.body().string()).contains("链接已过期");
            });
        }
    }

    @Test
    void onlyTheTokensHashIsStored() {
        try (Sunlight sunlight = TestSunlight.create(directory)) {
            String token = token(sunlight);
            List<String> stored = sunlight.jdbi().withHandle(handle -> handle.createQuery("SELECT token_hash "
                    + "FROM ledger_link").mapTo(String.class).list());
            assertThat(stored).singleElement().asString().doesNotContain(token).hasSize(64);
        }
    }
}
