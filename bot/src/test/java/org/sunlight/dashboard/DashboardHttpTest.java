package org.sunlight.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.javalin.testtools.JavalinTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sunlight.app.Sunlight;
import org.sunlight.app.TestSunlight;
import org.sunlight.channel.Conversation;
import org.sunlight.escalation.Escalations;
import org.sunlight.escalation.Tier;
import org.sunlight.question.QuestionService;
import org.sunlight.question.SandboxChat;
import org.sunlight.question.SettableClock;
import org.sunlight.registry.ComplexView;

/** The officers' dashboard over real HTTP: scope, CSRF, throttling, escaping, exports, the public form. */
class DashboardHttpTest {

    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path directory;

    private SettableClock clock;
    private Sunlight sunlight;

    @BeforeEach
    void start() {
        clock = new SettableClock(Instant.parse("2026-03-02T02:00:00Z"));
        sunlight = TestSunlight.create(directory, clock);
        for (String officer : new String[] {"zheng-shequ", "feng-cun", "lin-jiwei", "chen-jian"}) {
            sunlight.accounts().setPassword(officer, PASSWORD.toCharArray());
        }
    }

    @AfterEach
    void stop() {
        sunlight.close();
    }

    private long ask(String complexCode, String asker, String name, String text) {
        ComplexView complex = sunlight.registry().complexByCode(complexCode).orElseThrow();
        Conversation owners = new Conversation("sandbox", "complex:" + complexCode + ":owners", true,
                complex.complex().id());
        return sunlight.questions().ask(new QuestionService.Asking(complex, asker, name, null, null, owners, text))
                .item().id();
    }

    @Test
    void aCommunityOfficerCannotSeeOrDecideOnAnotherCommunitysItems() {
        long jinxiu = ask("jinxiu", "wang-fang", "王芳", "东园的问题");
        long hupan = ask("hupan", "sun-li", "孙丽", "西湖村的问题");
        JavalinTest.test(sunlight.web(), (server, ignored) -> {
            WebClient zheng = new WebClient(server.port());
            assertThat(zheng.login("zheng-shequ", PASSWORD).statusCode()).isEqualTo(303);

            assertThat(zheng.get("/dashboard/items/" + jinxiu).statusCode()).isEqualTo(200);
            HttpResponse<String> other = zheng.get("/dashboard/items/" + hupan);
            assertThat(other.statusCode()).isEqualTo(404);
            assertThat(other.body()).doesNotContain("西湖村的问题");

            HttpResponse<String> queue = zheng.get("/dashboard?state=all");
            assertThat(queue.body()).contains("东园的问题").doesNotContain("西湖村的问题");
            assertThat(zheng.get("/dashboard?complex=hupan").body()).doesNotContain("西湖村的问题");
            assertThat(zheng.get("/dashboard/items.csv?state=all").body()).contains("东园的问题")
                    .doesNotContain("西湖村的问题");
            assertThat(zheng.get("/dashboard/league").body()).contains("锦绣花园").doesNotContain("湖畔家园");

            String csrf = WebClient.csrfOf(zheng.get("/dashboard/items/" + jinxiu));
            HttpResponse<String> decision = zheng.post("/dashboard/items/" + hupan + "/decisions",
                    Map.of("csrf", csrf, "decision", "urge", "reason", "越权督促"));
            assertThat(decision.statusCode()).isEqualTo(404);
            assertThat(sunlight.escalations().events(hupan)).extracting(event -> event.action())
                    .containsExactly("opened");

            WebClient feng = new WebClient(server.port());
            feng.login("feng-cun", PASSWORD);
            assertThat(feng.get("/dashboard/items/" + hupan).statusCode()).isEqualTo(200);
            assertThat(feng.get("/dashboard/items/" + jinxiu).statusCode()).isEqualTo(404);
        });
    }

    @Test
    void theQueueFiltersByTownCommunityComplexKindTierAndState() {
        ask("jinxiu", "wang-fang", "王芳", "锦绣的问题");
        ask("hupan", "sun-li", "孙丽", "湖畔的问题");
        ask("yangguang", "zhao-min", "赵敏", "阳光苑已答复的问题");
        new SandboxChat(sunlight).say("complex:yangguang:owners", "liu-yang", "答复 1 已处理");
        sunlight.escalations().open(new Escalations.Opening(
                sunlight.registry().complexByCode("yangguang").orElseThrow().complex().id(), "missed-disclosure",
                "duty:yangguang:test", Tier.COMMUNITY, "阳光苑公共收益未按时公示", "应于4月30日前公示。", "system"));
        JavalinTest.test(sunlight.web(), (server, ignored) -> {
            WebClient lin = new WebClient(server.port());
            lin.login("lin-jiwei", PASSWORD);
            String[] all = {"锦绣的问题", "湖畔的问题", "阳光苑已答复的问题", "阳光苑公共收益未按时公示"};

            assertThat(lin.get("/dashboard").body()).contains(all);
            assertThat(lin.get("/dashboard?town=qingshan").body()).contains(all);
            assertThat(lin.get("/dashboard?town=elsewhere").body()).doesNotContain(all).contains("没有符合条件的事项");
            assertThat(lin.get("/dashboard?community=xihu").body()).contains("湖畔的问题")
                    .doesNotContain("锦绣的问题", "阳光苑已答复的问题", "阳光苑公共收益未按时公示");
            assertThat(lin.get("/dashboard?complex=yangguang").body())
                    .contains("阳光苑已答复的问题", "阳光苑公共收益未按时公示").doesNotContain("锦绣的问题", "湖畔的问题");
            assertThat(lin.get("/dashboard?kind=missed-disclosure").body()).contains("阳光苑公共收益未按时公示")
                    .doesNotContain("锦绣的问题", "湖畔的问题", "阳光苑已答复的问题");
            assertThat(lin.get("/dashboard?kind=question&tier=0").body())
                    .contains("锦绣的问题", "湖畔的问题", "阳光苑已答复的问题").doesNotContain("阳光苑公共收益未按时公示");
            assertThat(lin.get("/dashboard?state=answered").body()).contains("阳光苑已答复的问题")
                    .doesNotContain("锦绣的问题", "湖畔的问题", "阳光苑公共收益未按时公示");
            assertThat(lin.get("/dashboard?state=waiting").body()).doesNotContain("阳光苑已答复的问题")
                    .contains("锦绣的问题", "湖畔的问题", "阳光苑公共收益未按时公示");
            assertThat(lin.get("/dashboard/items.csv?community=dongyuan&kind=question").body())
                    .contains("锦绣的问题", "阳光苑已答复的问题").doesNotContain("湖畔的问题", "阳光苑公共收益未按时公示");
        });
    }

    @Test
    void aSessionEndsAtLogoutAndExpiresAfterTwelveHours() {
        JavalinTest.test(sunlight.web(), (server, ignored) -> {
            WebClient lin = new WebClient(server.port());
            lin.login("lin-jiwei", PASSWORD);
            String session = lin.cookies().get("sunlight_session");
            assertThat(lin.get("/dashboard").statusCode()).isEqualTo(200);
            String csrf = WebClient.csrfOf(lin.get("/dashboard"));
            assertThat(lin.post("/logout", Map.of("csrf", csrf)).statusCode()).isEqualTo(303);

            WebClient replay = new WebClient(server.port());
            replay.cookies().put("sunlight_session", session);
            assertThat(replay.get("/dashboard").statusCode()).as("the old cookie after logout").isEqualTo(302);

            WebClient zheng = new WebClient(server.port());
            zheng.login("zheng-shequ", PASSWORD);
            clock.advance(Duration.ofHours(11).plusMinutes(59));
            assertThat(zheng.get("/dashboard").statusCode()).isEqualTo(200);
            clock.advance(Duration.ofMinutes(2));
            HttpResponse<String> expired = zheng.get("/dashboard");
            assertThat(expired.statusCode()).isEqualTo(302);
            assertThat(expired.headers().firstValue("Location")).hasValue("/login");
        });
    }

    @Test
    void aPostWithoutTheSessionsCsrfTokenIsRefused() {
        long item = ask("jinxiu", "wang-fang", "王芳", "停车费");
        JavalinTest.test(sunlight.web(), (server, ignored) -> {
            WebClient lin = new WebClient(server.port());
            lin.login("lin-jiwei", PASSWORD);

            assertThat(lin.post("/dashboard/items/" + item + "/decisions",
                    Map.of("decision", "urge", "reason", "没有令牌")).statusCode()).isEqualTo(403);
            assertThat(lin.post("/dashboard/items/" + item + "/decisions",
                    Map.of("csrf", "forged", "decision", "urge", "reason", "伪造令牌")).statusCode()).isEqualTo(403);
            assertThat(sunlight.escalations().events(item)).hasSize(1);

            String csrf = WebClient.csrfOf(lin.get("/dashboard/items/" + item));
            assertThat(lin.post("/dashboard/items/" + item + "/decisions",
                    Map.of("csrf", csrf, "decision", "urge", "reason", "请尽快答复")).statusCode()).isEqualTo(303);
            assertThat(sunlight.escalations().events(item)).extracting(event -> event.action())
                    .containsExactly("opened", "urge");

            WebClient stranger = new WebClient(server.port());
            assertThat(stranger.post("/login", Map.of("person", "lin-jiwei", "password", PASSWORD)).statusCode())
                    .isEqualTo(403);
            assertThat(stranger.get("/dashboard").statusCode()).isEqualTo(302);
            assertThat(stranger.get("/dashboard").headers().firstValue("Location")).hasValue("/login");
        });
    }

    @Test
    void aDecisionNeedsAReasonAndSessionCookiesAreHttpOnlyAndSameSite() {
        long item = ask("jinxiu", "wang-fang", "王芳", "停车费");
        JavalinTest.test(sunlight.web(), (server, ignored) -> {
            WebClient lin = new WebClient(server.port());
            HttpResponse<String> login = lin.login("lin-jiwei", PASSWORD);
            assertThat(login.headers().allValues("Set-Cookie")).anySatisfy(cookie -> assertThat(cookie)
                    .startsWith("sunlight_session=").contains("HttpOnly").containsIgnoringCase("SameSite=Lax"));

            String csrf = WebClient.csrfOf(lin.get("/dashboard/items/" + item));
            assertThat(lin.post("/dashboard/items/" + item + "/decisions",
                    Map.of("csrf", csrf, "decision", "urge", "reason", "  ")).statusCode()).isEqualTo(400);
            assertThat(sunlight.escalations().events(item)).hasSize(1);
        });
    }

    @Test
    void fiveWrongPasswordsLockTheAccountAndTheAddressForFifteenMinutes() {
        JavalinTest.test(sunlight.web(), (server, ignored) -> {
            WebClient guesser = new WebClient(server.port());
            for (int attempt = 0; attempt < 5; attempt++) {
                assertThat(guesser.login("lin-jiwei", "wrong-" + attempt).statusCode()).isEqualTo(401);
            }
            HttpResponse<String> locked = guesser.login("lin-jiwei", PASSWORD);
            assertThat(locked.statusCode()).isEqualTo(429);
            assertThat(locked.body()).contains("尝试次数过多，请15分钟后再试");
            // The same address is locked for other accounts too.
            assertThat(new WebClient(server.port()).login("zheng-shequ", PASSWORD).statusCode()).isEqualTo(429);

            clock.advance(Duration.ofMinutes(15).plusSeconds(1));
            assertThat(new WebClient(server.port()).login("lin-jiwei", PASSWORD).statusCode()).isEqualTo(303);
        });
    }

    @Test
    void ownersTextIsEscapedOnEveryPageAndCsvCellsCannotRunFormulas() {
        long item = ask("jinxiu", "wang-fang", "王芳<b>", "<script>alert('x')</script> 停车费去哪了");
        sunlight.escalations().open(new Escalations.Opening(
                sunlight.registry().complexByCode("jinxiu").orElseThrow().complex().id(), "missed-disclosure",
                "duty:jinxiu:test", Tier.COMMUNITY, "=HYPERLINK(\"http://evil\",\"点我\")", "公示缺失", "system"));
        JavalinTest.test(sunlight.web(), (server, ignored) -> {
            WebClient lin = new WebClient(server.port());
            lin.login("lin-jiwei", PASSWORD);
            String csrf = WebClient.csrfOf(lin.get("/dashboard/items/" + item));
            lin.post("/dashboard/items/" + item + "/decisions",
                    Map.of("csrf", csrf, "decision", "urge", "reason", "<img src=x onerror=alert(1)>"));

            for (String page : new String[] {"/dashboard", "/dashboard/items/" + item}) {
                String body = lin.get(page).body();
                assertThat(body).as(page).doesNotContain("<script>alert").contains("&lt;script&gt;alert(");
            }
            String itemPage = lin.get("/dashboard/items/" + item).body();
            assertThat(itemPage).doesNotContain("<img src=x").contains("&lt;img src=x onerror=alert(1)&gt;")
                    .doesNotContain("王芳<b>").contains("王芳&lt;b&gt;");

            HttpResponse<String> csv = lin.get("/dashboard/items.csv");
            assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                    assertThat(type).startsWith("text/csv"));
            assertThat(csv.body()).startsWith("\uFEFF编号,小区")
                    .contains("<script>alert('x')</script> 停车费去哪了")
                    .contains("\"'=HYPERLINK(\"\"http://evil\"\",\"\"点我\"\")\"")
                    .doesNotContain(",=HYPERLINK");
        });
    }

    @Test
    void theLeagueTableShowsOverdueCountsAsTableChartAndCsv() {
        ask("jinxiu", "wang-fang", "王芳", "第一个");
        ask("jinxiu", "li-qiang", "李强", "第二个");
        ask("yangguang", "zhao-min", "赵敏", "阳光苑");
        SandboxChat chat = new SandboxChat(sunlight);
        chat.say("complex:yangguang:owners", "liu-yang", "答复 1 已处理");
        clock.set(Instant.parse("2026-03-10T02:00:00Z")); // jinxiu's two are overdue at the complex
        JavalinTest.test(sunlight.web(), (server, ignored) -> {
            WebClient zheng = new WebClient(server.port());
            zheng.login("zheng-shequ", PASSWORD);
            String page = zheng.get("/dashboard/league").body();
            assertThat(page).contains("<svg id=\"overdue-chart\"", "锦绣花园", "阳光苑", "100%");
            assertThat(page.indexOf("锦绣花园")).isLessThan(page.indexOf("阳光苑"));
            // Each measure has its chart: median time to answer (only 阳光苑 answered, the same day) and the
            // share answered on time (锦绣花园 0%, 阳光苑 100%: the full bar).
            String median = page.substring(page.indexOf("<svg id=\"median-chart\""));
            median = median.substring(0, median.indexOf("</svg>"));
            assertThat(median).contains("阳光苑").doesNotContain("锦绣花园");
            String onTime = page.substring(page.indexOf("<svg id=\"on-time-chart\""));
            onTime = onTime.substring(0, onTime.indexOf("</svg>"));
            assertThat(onTime).contains("锦绣花园", "0%", "width=\"300\"", "100%");
            assertThat(onTime.indexOf("锦绣花园")).isLessThan(onTime.indexOf("阳光苑"));

            String csv = zheng.get("/dashboard/league.csv").body();
            assertThat(csv).startsWith("\uFEFF小区,社区,超期事项").contains("锦绣花园,东园社区,2,2,0,,0")
                    .contains("阳光苑,东园社区,0,1,1,0,100");

            assertThat(zheng.get("/dashboard?overdue=1").body()).contains("第一个", "第二个").doesNotContain("业主提问 1号：阳光苑");
        });
    }

    @Test
    void anOwnerAsksOnThePublicFormAndTheGroupSeesTheQuestion() {
        JavalinTest.test(sunlight.web(), (server, ignored) -> {
            WebClient owner = new WebClient(server.port());
            assertThat(owner.get("/c/jinxiu").body()).contains("/c/jinxiu/ask");
            String csrf = WebClient.csrfOf(owner.get("/c/jinxiu/ask"));

            HttpResponse<String> wrong = owner.post("/c/jinxiu/ask", Map.of("csrf", csrf, "household", "9-9-999",
                    "phone", "", "text", "问题"));
            assertThat(wrong.statusCode()).isEqualTo(400);
            assertThat(wrong.body()).contains("不是本小区登记的业主房号");

            HttpResponse<String> asked = owner.post("/c/jinxiu/ask", Map.of("csrf", csrf, "household", "3-2-301",
                    "phone", "13900000000", "text", "<b>电梯</b>维修费用是多少？"));
            assertThat(asked.statusCode()).isEqualTo(200);
            assertThat(asked.body()).contains("编号 1 号", "2026年3月5日（周四）", "&lt;b&gt;电梯&lt;/b&gt;");

            SandboxChat chat = new SandboxChat(sunlight);
            chat.settle();
            assertThat(chat.lastBot(SandboxChat.JINXIU_OWNERS)).startsWith("【业主提问 1号】3-2-301业主在网页提问：")
                    .contains("<b>电梯</b>维修费用是多少？");

            for (int i = 0; i < 3; i++) {
                owner.post("/c/jinxiu/ask", Map.of("csrf", csrf, "household", "3-2-301", "text", "再问" + i));
            }
            HttpResponse<String> limited = owner.post("/c/jinxiu/ask", Map.of("csrf", csrf, "household", "3-2-301",
                    "text", "太多了"));
            assertThat(limited.statusCode()).isEqualTo(429);
        });
    }

    @Test
    void committeeStaffAnswerOnTheWebWhereTheQuestionWasAskedButCannotDecideOrSeeOtherComplexes() {
        long jinxiu = ask("jinxiu", "wang-fang", "王芳", "停车费收入多少？");
        long hupan = ask("hupan", "sun-li", "孙丽", "门禁");
        JavalinTest.test(sunlight.web(), (server, ignored) -> {
            WebClient chen = new WebClient(server.port());
            assertThat(chen.login("chen-jian", PASSWORD).statusCode()).isEqualTo(303);
            assertThat(chen.get("/dashboard/items/" + hupan).statusCode()).isEqualTo(404);

            HttpResponse<String> page = chen.get("/dashboard/items/" + jinxiu);
            assertThat(page.body()).contains("answer-form").doesNotContain("decision-form");
            String csrf = WebClient.csrfOf(page);
            assertThat(chen.post("/dashboard/items/" + jinxiu + "/decisions",
                    Map.of("csrf", csrf, "decision", "dismiss", "reason", "自己驳回自己")).statusCode()).isEqualTo(403);
            assertThat(chen.post("/dashboard/items/" + jinxiu + "/answer",
                    Map.of("csrf", csrf, "answer", "上季度停车费收入 12,000 元。")).statusCode()).isEqualTo(303);

            SandboxChat chat = new SandboxChat(sunlight);
            chat.settle();
            assertThat(chat.lastBot(SandboxChat.JINXIU_OWNERS)).startsWith("【1号提问的答复】")
                    .contains("答（陈建）：上季度停车费收入 12,000 元。");
            assertThat(sunlight.escalations().item(jinxiu).orElseThrow().answeredAt()).isNotNull();
        });
    }

    @Test
    void theDashboardWarnsWhenTheCurrentYearHasNoHolidayData() {
        clock.set(Instant.parse("2027-01-05T02:00:00Z"));
        JavalinTest.test(sunlight.web(), (server, ignored) -> {
            WebClient lin = new WebClient(server.port());
            lin.login("lin-jiwei", PASSWORD);
            String page = lin.get("/dashboard").body();
            assertThat(page).contains("<p class=\"warning\">缺少2027年节假日数据");
        });
    }
}
