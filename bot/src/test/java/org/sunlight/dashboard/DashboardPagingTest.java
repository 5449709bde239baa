package org.sunlight.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.javalin.testtools.JavalinTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sunlight.app.Sunlight;
import org.sunlight.app.TestSunlight;
import org.sunlight.channel.Conversation;
import org.sunlight.escalation.EscalationQueries;
import org.sunlight.question.QuestionFigures;
import org.sunlight.question.QuestionService;
import org.sunlight.question.SettableClock;
import org.sunlight.registry.ComplexView;

/** Queues and league tables a page at a time: next pages, filters kept, scope on every page, complete exports. */
class DashboardPagingTest {

    private static final String PASSWORD = "correct horse battery";
    private static final Pattern ITEM_LINK = Pattern.compile("href=\"/dashboard/items/(\\d+)\"");

    @TempDir
    Path directory;

    private SettableClock clock;
    private Sunlight sunlight;

    @BeforeEach
    void start() {
        clock = new SettableClock(Instant.parse("2026-03-02T02:00:00Z"));
        sunlight = TestSunlight.create(directory, clock);
        for (String officer : new String[] {"zheng-shequ", "feng-cun", "lin-jiwei"}) {
            sunlight.accounts().setPassword(officer, PASSWORD.toCharArray());
        }
    }

    @AfterEach
    void stop() {
        sunlight.close();
    }

    private long ask(String complexCode, String text) {
        ComplexView complex = sunlight.registry().complexByCode(complexCode).orElseThrow();
        Conversation owners = new Conversation("sandbox", "complex:" + complexCode + ":owners", true,
                complex.complex().id());
        return sunlight.questions().ask(new QuestionService.Asking(complex, "wang-fang", "王芳", null, null, owners,
                text)).item().id();
    }

    private static List<Long> itemIds(HttpResponse<String> page) {
        List<Long> ids = new ArrayList<>();
        Matcher matcher = ITEM_LINK.matcher(page.body());
        while (matcher.find()) {
            ids.add(Long.parseLong(matcher.group(1)));
        }
        return ids;
    }

    private void addComplexes(String communityCode, String prefix, int count) {
        sunlight.jdbi().useTransaction(handle -> {
            long community = handle.createQuery("SELECT id FROM community WHERE code = :code")
                    .bind("code", communityCode).mapTo(Long.class).one();
            for (int i = 0; i < count; i++) {
                handle.createUpdate("INSERT INTO complex (community_id, code, name, households, "
                                + "fund_first_deposit_fen) VALUES (:community, :code, :name, 100, 100000)")
                        .bind("community", community).bind("code", prefix + "-" + i)
                        .bind("name", prefix + "小区" + String.format("%03d", i)).execute();
            }
        });
    }

    @Test
    void pageTwoOfTheOverdueQueueShowsTheNextItemsWithTheFiltersKeptAndTheCsvHasThemAll() {
        List<Long> asked = new ArrayList<>();
        for (int i = 1; i <= 60; i++) {
            asked.add(ask("jinxiu", "第" + i + "个问题"));
        }
        ask("hupan", "西湖村的问题");
        clock.set(Instant.parse("2026-03-10T02:00:00Z")); // every one is past the complex's deadline
        JavalinTest.test(sunlight.web(), (server, ignored) -> {
            WebClient zheng = new WebClient(server.port());
            zheng.login("zheng-shequ", PASSWORD);

            HttpResponse<String> first = zheng.get("/dashboard?overdue=1&complex=jinxiu");
            assertThat(first.body()).contains("共 60 项，第 1–50 项（第 1/2 页）")
                    .contains("href=\"/dashboard?complex=jinxiu&amp;overdue=1&amp;page=2\"")
                    .contains("href=\"/dashboard/items.csv?complex=jinxiu&amp;overdue=1\"");
            List<Long> pageOne = itemIds(first);
            assertThat(pageOne).hasSize(EscalationQueries.PAGE_SIZE);

            HttpResponse<String> second = zheng.get("/dashboard?complex=jinxiu&overdue=1&page=2");
            assertThat(second.body()).contains("共 60 项，第 51–60 项（第 2/2 页）")
                    .contains("href=\"/dashboard?complex=jinxiu&amp;overdue=1&amp;page=1\"")
                    .contains("id=\"overdue\" checked");
            List<Long> pageTwo = itemIds(second);
            assertThat(pageTwo).hasSize(10).doesNotContainAnyElementsOf(pageOne);
            List<Long> both = new ArrayList<>(pageOne);
            both.addAll(pageTwo);
            // Same deadline for all: oldest first, across the page boundary.
            assertThat(both).containsExactlyElementsOf(asked);

            assertThat(zheng.get("/dashboard?complex=jinxiu&overdue=1&page=99").body())
                    .contains("第 51–60 项");
            assertThat(zheng.get("/dashboard?complex=jinxiu&overdue=1&page=abc").body())
                    .contains("第 1–50 项");

            String csv = zheng.get("/dashboard/items.csv?complex=jinxiu&overdue=1").body();
            assertThat(csv.split("\r\n")).hasSize(61);
            assertThat(csv).startsWith("\uFEFF编号,小区").contains("第1个问题").contains("第60个问题")
                    .doesNotContain("西湖村的问题");
        });
    }

    @Test
    void scopeHoldsOnEveryPageAndInTheExports() {
        for (int i = 1; i <= 55; i++) {
            ask("hupan", "湖畔第" + i + "个");
        }
        for (int i = 1; i <= 3; i++) {
            ask("jinxiu", "锦绣第" + i + "个");
        }
        JavalinTest.test(sunlight.web(), (server, ignored) -> {
            WebClient zheng = new WebClient(server.port());
            zheng.login("zheng-shequ", PASSWORD);
            for (String page : new String[] {"/dashboard?page=2", "/dashboard?complex=hupan&page=2",
                    "/dashboard?community=xihu&page=2", "/dashboard?state=all&page=2"}) {
                HttpResponse<String> response = zheng.get(page);
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).contains("共 ").doesNotContain("湖畔第").doesNotContain("id=\"page-next\"");
            }
            assertThat(zheng.get("/dashboard").body()).contains("共 3 项");
            ask("yangguang", "阳光第1个"); // the count is kept per ladder version: a new item is counted at once
            assertThat(zheng.get("/dashboard").body()).contains("共 4 项");
            assertThat(zheng.get("/dashboard/items.csv?state=all").body()).doesNotContain("湖畔第");

            WebClient feng = new WebClient(server.port());
            feng.login("feng-cun", PASSWORD);
            HttpResponse<String> second = feng.get("/dashboard?page=2");
            assertThat(second.body()).contains("共 55 项，第 51–55 项").doesNotContain("锦绣第");
            assertThat(feng.get("/dashboard/items.csv").body().split("\r\n")).hasSize(56);
        });
    }

    @Test
    void theLeagueTableIsPagedSortedAndScopedWhileItsCsvListsEveryComplex() {
        addComplexes("dongyuan", "东园新", 60);
        addComplexes("xihu", "西湖新", 60);
        ask("jinxiu", "第一个");
        clock.set(Instant.parse("2026-03-10T02:00:00Z"));
        JavalinTest.test(sunlight.web(), (server, ignored) -> {
            WebClient zheng = new WebClient(server.port());
            zheng.login("zheng-shequ", PASSWORD);
            String first = zheng.get("/dashboard/league").body();
            assertThat(first).contains("共 62 个小区（第 1/2 页）", "<svg id=\"overdue-chart\"")
                    .contains("href=\"/dashboard/league?sort=overdue&amp;page=2\"").doesNotContain("西湖新");
            // The most overdue complex first, in the table and the chart.
            assertThat(first.indexOf("锦绣花园")).isLessThan(first.indexOf("东园新小区000"));

            ask("yangguang", "阳光苑的问题"); // pages are kept per ladder version: a new question shows at once
            assertThat(zheng.get("/dashboard/league").body()).contains(
                    "<tr><td>阳光苑</td><td>东园社区</td><td class=\"money\">0</td><td class=\"money\">1</td>");

            String second = zheng.get("/dashboard/league?sort=overdue&page=2").body();
            assertThat(second).contains("东园新小区059").doesNotContain("锦绣花园</td>").doesNotContain("西湖新");
            assertThat(second.split("<tr><td>").length - 1).isEqualTo(12);

            String csv = zheng.get("/dashboard/league.csv").body();
            assertThat(csv.split("\r\n")).hasSize(63);
            assertThat(csv).contains("锦绣花园,东园社区,1,1,0,,0").doesNotContain("西湖新");

            WebClient lin = new WebClient(server.port());
            lin.login("lin-jiwei", PASSWORD);
            assertThat(lin.get("/dashboard/league").body()).contains("共 123 个小区（第 1/3 页）");
            assertThat(lin.get("/dashboard/league.csv").body().split("\r\n")).hasSize(124);
        });
    }

    @Test
    void theMedianAndOnTimeShareComeFromTheFiguresKeptWhenQuestionsAreAnswered() {
        ComplexView jinxiu = sunlight.registry().complexByCode("jinxiu").orElseThrow();
        for (int i = 1; i <= 4; i++) {
            ask("jinxiu", "第" + i + "个");
        }
        // Asked Monday 2 March; answered after 0, 1, 2 and 5 working days (the deadline is 3).
        String[] answeredAt = {"2026-03-02T06:00:00Z", "2026-03-03T02:00:00Z", "2026-03-04T02:00:00Z",
                "2026-03-09T02:00:00Z"};
        for (int i = 0; i < answeredAt.length; i++) {
            clock.set(Instant.parse(answeredAt[i]));
            sunlight.questions().answer(jinxiu, i + 1, "chen-jian", "陈建", "已答复");
        }
        ask("yangguang", "没人答");
        clock.set(Instant.parse("2026-03-16T02:00:00Z"));
        JavalinTest.test(sunlight.web(), (server, ignored) -> {
            WebClient zheng = new WebClient(server.port());
            zheng.login("zheng-shequ", PASSWORD);
            String csv = zheng.get("/dashboard/league.csv").body();
            assertThat(csv).contains("锦绣花园,东园社区,0,4,4,1.5,75").contains("阳光苑,东园社区,1,1,0,,0");
            String slowest = zheng.get("/dashboard/league?sort=median").body();
            assertThat(slowest.indexOf("锦绣花园")).isLessThan(slowest.indexOf("阳光苑"));
            String lowestShare = zheng.get("/dashboard/league?sort=on-time").body();
            assertThat(lowestShare.indexOf("阳光苑")).isLessThan(lowestShare.indexOf("锦绣花园"));

            // Answers given before the figures existed are counted once, with the calendar.
            sunlight.jdbi().useHandle(handle -> {
                handle.execute("UPDATE question SET answer_working_days = NULL");
                handle.execute("DELETE FROM complex_answer_days");
            });
            QuestionFigures figures = new QuestionFigures(sunlight.jdbi(), sunlight.calendar());
            assertThat(figures.countOlderAnswers()).isEqualTo(4);
            assertThat(figures.countOlderAnswers()).isZero();
            assertThat(zheng.get("/dashboard/league.csv").body()).contains("锦绣花园,东园社区,0,4,4,1.5,75");
        });
    }
}
