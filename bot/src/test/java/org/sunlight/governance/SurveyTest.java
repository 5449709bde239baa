package org.sunlight.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.javalin.testtools.JavalinTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sunlight.app.MutableClock;
import org.sunlight.auth.WebGuard;
import org.sunlight.schedule.ScheduledTask;

class SurveyTest {

    @TempDir
    Path directory;

    private static int count(GovernanceSandbox sandbox, String sql) {
        return sandbox.sunlight.jdbi().withHandle(handle -> handle.createQuery(sql).mapTo(Integer.class).one());
    }

    @Test
    void aHouseholdThatVotesTwiceIsCountedOnceWithItsLastVote() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-06-01T01:00:00Z"));
        try (GovernanceSandbox sandbox = new GovernanceSandbox(directory, clock, Map.of())) {
            sandbox.say(GovernanceSandbox.OWNERS, "officer", "发起满意度调查 业委会");
            assertThat(sandbox.lastBotPost(GovernanceSandbox.OWNERS))
                    .startsWith("【满意度评价】兰亭小区 2026年上半年业委会满意度评价开始了，2026年6月16日 00:00 截止。");

            // Household 1-1-102 votes "satisfied" through one owner, then "dissatisfied" through the other.
            sandbox.say(GovernanceSandbox.OWNERS, "owner-2", "满意");
            assertThat(sandbox.lastBotPost(GovernanceSandbox.OWNERS)).isEqualTo("已记录：1-1-102 对业委会的评价为“满意”。");
            sandbox.say(GovernanceSandbox.OWNERS, "spouse-2", "不满意 业委会");
            assertThat(sandbox.lastBotPost(GovernanceSandbox.OWNERS))
                    .isEqualTo("已记录：1-1-102 对业委会的评价为“不满意”。本户之前的评价已更新，以最后一次为准。");
            // Nine more households satisfied, ten dissatisfied: 9 of 20 = 45%.
            for (int i = 3; i <= 11; i++) {
                sandbox.say(GovernanceSandbox.OWNERS, "owner-" + i, "满意");
            }
            for (int i = 12; i <= 20; i++) {
                sandbox.say(GovernanceSandbox.OWNERS, "owner-" + i, "不满意");
            }
            assertThat(count(sandbox, "SELECT count(*) FROM survey_vote")).isEqualTo(19);

            clock.advance(Duration.ofDays(15));
            ScheduledTask close = sandbox.sunlight.schedules().task("survey-close").orElseThrow();
            sandbox.sunlight.schedules().runNow(close);
            sandbox.sunlight.schedules().runNow(close);
            sandbox.settle();

            String result = sandbox.lastBotPost(GovernanceSandbox.OWNERS);
            // 1-1-102's first "满意" was replaced by its second vote: 9 satisfied, not 10.
            assertThat(result).contains("参评 19 户（共 20 户）：满意 9 户（47%），不满意 10 户（52%）");
        }
    }

    @Test
    void aCommitteeSatisfactionOf45PercentEscalatesToTheTown() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-01T01:00:00Z"));
        try (GovernanceSandbox sandbox = new GovernanceSandbox(directory, clock, Map.of())) {
            ScheduledTask open = sandbox.sunlight.schedules().task("survey-open").orElseThrow();
            sandbox.sunlight.schedules().runNow(open);
            sandbox.sunlight.schedules().runNow(open);
            sandbox.settle();
            assertThat(count(sandbox, "SELECT count(*) FROM survey")).as("committee and property, once").isEqualTo(2);

            sandbox.say(GovernanceSandbox.OWNERS, "chair", "满意 业委会");
            for (int i = 2; i <= 9; i++) {
                sandbox.say(GovernanceSandbox.OWNERS, "owner-" + i, "满意 业委会");
            }
            for (int i = 10; i <= 20; i++) {
                sandbox.say(GovernanceSandbox.OWNERS, "owner-" + i, "不满意 业委会");
            }
            sandbox.say(GovernanceSandbox.OWNERS, "owner-3", "满意 物业");

            clock.advance(Duration.ofDays(15));
            sandbox.sunlight.schedules().runNow(sandbox.sunlight.schedules().task("survey-close").orElseThrow());
            sandbox.settle();

            List<String> ownerPosts = sandbox.botPosts(GovernanceSandbox.OWNERS);
            assertThat(ownerPosts).anySatisfy(post -> assertThat(post)
                    .contains("【满意度评价结果】兰亭小区 业委会", "参评 20 户（共 20 户）：满意 9 户（45%）",
                            "业委会满意度低于50%，已报镇街"));
            assertThat(sandbox.botPosts(GovernanceSandbox.TOWN))
                    .anySatisfy(post -> assertThat(post).startsWith("【满意度评价结果】兰亭小区 业委会"))
                    .anySatisfy(post -> assertThat(post).startsWith("【镇小区办待办 #")
                            .contains("业委会满意度仅45%，低于50%"));
            assertThat(count(sandbox, "SELECT count(*) FROM escalation_item WHERE kind = 'survey-committee' "
                    + "AND tier = 2")).isEqualTo(1);
            assertThat(count(sandbox, "SELECT count(*) FROM escalation_item WHERE kind = 'survey-property'")).isZero();
            assertThat(sandbox.sunlight.auditLog().verify().intact()).isTrue();
        }
    }

    private static List<String> voters() {
        List<String> voters = new java.util.ArrayList<>(List.of("chair"));
        for (int i = 2; i <= 20; i++) {
            voters.add("owner-" + i);
        }
        return voters;
    }

    @Test
    void propertyDissatisfactionOverHalfGoesToTheTownButExactlyHalfDoesNotAndAClosedSurveyTakesNoVotes()
            throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-06-01T01:00:00Z"));
        try (GovernanceSandbox sandbox = new GovernanceSandbox(directory, clock, Map.of())) {
            sandbox.say(GovernanceSandbox.OWNERS, "officer", "发起满意度调查");
            List<String> voters = voters();
            for (int i = 0; i < voters.size(); i++) {
                // Committee: 10 of 20 satisfied (50%, not under). Property: 11 of 20 dissatisfied (55%).
                sandbox.say(GovernanceSandbox.OWNERS, voters.get(i), (i < 10 ? "满意" : "不满意") + " 业委会");
                sandbox.say(GovernanceSandbox.OWNERS, voters.get(i), (i < 11 ? "不满意" : "满意") + " 物业");
            }
            clock.advance(Duration.ofDays(15));
            sandbox.sunlight.schedules().runNow(sandbox.sunlight.schedules().task("survey-close").orElseThrow());
            sandbox.settle();

            assertThat(sandbox.botPosts(GovernanceSandbox.TOWN))
                    .anySatisfy(post -> assertThat(post).startsWith("【满意度评价结果】兰亭小区 物业"))
                    .anySatisfy(post -> assertThat(post).startsWith("【满意度评价结果】兰亭小区 业委会"))
                    .anySatisfy(post -> assertThat(post).startsWith("【镇小区办待办 #")
                            .contains("物业不满意率55%，超过50%"));
            assertThat(count(sandbox, "SELECT count(*) FROM escalation_item WHERE kind = 'survey-property' "
                    + "AND tier = 2")).isEqualTo(1);
            assertThat(count(sandbox, "SELECT count(*) FROM escalation_item WHERE kind = 'survey-committee'"))
                    .as("exactly 50% satisfied is not under 50%").isZero();

            sandbox.say(GovernanceSandbox.OWNERS, "owner-20", "不满意 物业");
            assertThat(sandbox.lastBotPost(GovernanceSandbox.OWNERS)).isEqualTo("目前没有进行中的物业满意度评价");
            assertThat(count(sandbox, "SELECT v.satisfied FROM survey_vote v JOIN survey s ON s.id = v.survey_id "
                    + "WHERE s.subject = 'property' AND v.household = '1-1-120'"))
                    .as("the closed survey's vote stays as it was").isEqualTo(1);

            // The second half-year: exactly half dissatisfied with the property is not over 50%.
            clock.set(Instant.parse("2026-12-01T01:00:00Z"));
            sandbox.say(GovernanceSandbox.OWNERS, "officer", "发起满意度调查 物业");
            for (int i = 0; i < voters.size(); i++) {
                sandbox.say(GovernanceSandbox.OWNERS, voters.get(i), i < 10 ? "不满意" : "满意");
            }
            clock.advance(Duration.ofDays(15));
            sandbox.sunlight.schedules().runNow(sandbox.sunlight.schedules().task("survey-close").orElseThrow());
            sandbox.settle();
            assertThat(sandbox.lastBotPost(GovernanceSandbox.OWNERS)).contains("不满意 10 户（50%）");
            assertThat(count(sandbox, "SELECT count(*) FROM escalation_item WHERE kind = 'survey-property'"))
                    .isEqualTo(1);
        }
    }

    @Test
    void votingIsForOwnersOfOpenSurveysOnly() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-06-01T01:00:00Z"));
        try (GovernanceSandbox sandbox = new GovernanceSandbox(directory, clock, Map.of())) {
            sandbox.say(GovernanceSandbox.OWNERS, "owner-5", "满意");
            assertThat(sandbox.lastBotPost(GovernanceSandbox.OWNERS)).isEqualTo("目前没有进行中的满意度评价");

            sandbox.say(GovernanceSandbox.OWNERS, "owner-5", "发起满意度调查");
            assertThat(sandbox.lastBotPost(GovernanceSandbox.OWNERS)).contains("您的身份不能使用这个命令");

            sandbox.say(GovernanceSandbox.OWNERS, "officer", "发起满意度调查");
            sandbox.say(GovernanceSandbox.OWNERS, "owner-5", "满意");
            assertThat(sandbox.lastBotPost(GovernanceSandbox.OWNERS)).contains("现在有两项评价，请注明对象");
            assertThat(count(sandbox, "SELECT count(*) FROM survey_vote")).isZero();
        }
    }

    @Test
    void anOwnerVotesOnTheMobilePageWithHouseholdNameAndTheFormsToken() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-06-01T01:00:00Z"));
        try (GovernanceSandbox sandbox = new GovernanceSandbox(directory, clock, Map.of())) {
            sandbox.say(GovernanceSandbox.OWNERS, "officer", "发起满意度调查 物业");
            JavalinTest.test(sandbox.sunlight.web(), (server, client) -> {
                var page = client.get("/c/lanting/survey");
                Matcher field = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page.body().string());
                assertThat(field.find()).isTrue();
                String token = field.group(1);
                String cookie = WebGuard.FORM_COOKIE + "=" + token;

                var forged = client.post("/c/lanting/survey", "household=1-1-105&name=%E4%B8%9A%E4%B8%BB5"
                        + "&subject=property&choice=satisfied", request -> request.header("Content-Type",
                        "application/x-www-form-urlencoded"));
                assertThat(forged.code()).isEqualTo(403);
                assertThat(forged.body().string()).contains("表单已失效");

                var wrong = client.post("/c/lanting/survey", "csrf=" + token + "&household=1-1-105&name=%E5%86%92%E5%90%8D"
                        + "&subject=property&choice=satisfied", request -> request.header("Content-Type",
                        "application/x-www-form-urlencoded").header("Cookie", cookie));
                assertThat(wrong.code()).isEqualTo(403);
                assertThat(wrong.body().string()).contains("房号和业主姓名与登记信息不符");

                var right = client.post("/c/lanting/survey", "csrf=" + token + "&household=1-1-105&name=%E4%B8%9A%E4%B8%BB5"
                        + "&subject=property&choice=dissatisfied", request -> request.header("Content-Type",
                        "application/x-www-form-urlencoded").header("Cookie", cookie));
                assertThat(right.code()).isEqualTo(200);
                assertThat(right.body().string()).contains("1-1-105 的评价已记录", "已有 1 户参评");
            });
        }
    }
}
