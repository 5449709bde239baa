package org.sunlight.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sunlight.app.MutableClock;
import org.sunlight.schedule.ScheduledTask;

class MeetingNoticeTest {

    @TempDir
    Path directory;

    // Monday 2026-11-02, 09:00 Beijing.
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-02T01:00:00Z"));

    private static int count(GovernanceSandbox sandbox, String sql) {
        return sandbox.sunlight.jdbi().withHandle(handle -> handle.createQuery(sql).mapTo(Integer.class).one());
    }

    @Test
    void anAgendaPostedTenDaysAheadIsFlaggedToTheCommunity() throws Exception {
        try (GovernanceSandbox sandbox = new GovernanceSandbox(directory, clock, Map.of())) {
            sandbox.say(GovernanceSandbox.OWNERS, "chair", "大会公告 2026-11-12 1.续聘物业 2.调整停车费");

            assertThat(sandbox.lastBotPost(GovernanceSandbox.OWNERS))
                    .startsWith("【业主大会通知 第1号】兰亭小区\n会议时间：2026年11月12日（周四）")
                    .contains("1.续聘物业 2.调整停车费", "本通知距会议仅10天，少于规定的15天，已报告社区");
            assertThat(sandbox.lastBotPost(GovernanceSandbox.COMMUNITY)).startsWith("【社区待办 #")
                    .contains("业主大会通知提前不足15天");
            assertThat(count(sandbox, "SELECT count(*) FROM escalation_item WHERE kind = 'late-meeting-notice'"))
                    .isEqualTo(1);
        }
    }

    @Test
    void anAgendaPostedTwentyDaysAheadIsNotFlagged() throws Exception {
        try (GovernanceSandbox sandbox = new GovernanceSandbox(directory, clock, Map.of())) {
            sandbox.say(GovernanceSandbox.OWNERS, "chair", "大会公告 11月22日 1.续聘物业");

            assertThat(sandbox.lastBotPost(GovernanceSandbox.OWNERS)).startsWith("【业主大会通知 第1号】")
                    .doesNotContain("已报告社区");
            sandbox.say(GovernanceSandbox.OWNERS, "chair", "大会公告 11月17日 1.续聘物业"); // exactly 15 days
            assertThat(sandbox.lastBotPost(GovernanceSandbox.OWNERS)).startsWith("【业主大会通知 第2号】")
                    .doesNotContain("已报告社区");
            assertThat(sandbox.botPosts(GovernanceSandbox.COMMUNITY)).isEmpty();
            assertThat(count(sandbox, "SELECT count(*) FROM escalation_item")).isZero();
        }
    }

    @Test
    void anAnnualReportInvitationNeedsAWeek() throws Exception {
        try (GovernanceSandbox sandbox = new GovernanceSandbox(directory, clock, Map.of())) {
            sandbox.say(GovernanceSandbox.OWNERS, "chair", "述职会通知 2026年11月8日 业委会年度工作报告");
            assertThat(sandbox.lastBotPost(GovernanceSandbox.OWNERS)).contains("仅6天，少于规定的7天");

            sandbox.say(GovernanceSandbox.OWNERS, "chair", "述职会通知 2026年11月9日 业委会年度工作报告");
            assertThat(sandbox.lastBotPost(GovernanceSandbox.OWNERS)).startsWith("【业委会年度述职会通知 第2号】")
                    .doesNotContain("少于规定");
            assertThat(sandbox.lastBotPost(GovernanceSandbox.COMMUNITY)).as("only the late one is flagged")
                    .startsWith("【社区待办 #").contains("业委会年度述职会通知提前不足7天", "仅提前6天");
            assertThat(count(sandbox, "SELECT count(*) FROM escalation_item WHERE kind = 'late-meeting-notice'"))
                    .isEqualTo(1);
        }
    }

    @Test
    void ownersAreRemindedOnceBeforeTheMeetingAndSeeTheResultsAfter() throws Exception {
        try (GovernanceSandbox sandbox = new GovernanceSandbox(directory, clock, Map.of())) {
            sandbox.say(GovernanceSandbox.OWNERS, "chair", "大会公告 2026-11-20 1.续聘物业");
            ScheduledTask reminders = sandbox.sunlight.schedules().task("meeting-reminders").orElseThrow();

            clock.set(Instant.parse("2026-11-17T01:00:00Z"));
            sandbox.sunlight.schedules().runNow(reminders);
            sandbox.sunlight.schedules().runNow(reminders);
            clock.set(Instant.parse("2026-11-19T01:00:00Z"));
            sandbox.sunlight.schedules().runNow(reminders);
            sandbox.settle();
            assertThat(sandbox.botPosts(GovernanceSandbox.OWNERS)).filteredOn(post -> post.startsWith("【会议提醒】"))
                    .containsExactly(
                            "【会议提醒】兰亭小区业主大会将于2026年11月20日（周五）召开（还有3天）。\n议程：\n1.续聘物业",
                            "【会议提醒】兰亭小区业主大会将于2026年11月20日（周五）召开（还有1天）。\n议程：\n1.续聘物业");

            sandbox.say(GovernanceSandbox.OWNERS, "chair", "大会结果 1 续聘物业：同意14户，反对3户");
            assertThat(sandbox.lastBotPost(GovernanceSandbox.OWNERS)).contains("会议还没有召开");

            clock.advance(Duration.ofDays(2));
            sandbox.say(GovernanceSandbox.OWNERS, "chair", "大会结果 1 续聘物业：同意14户，反对3户");
            assertThat(sandbox.lastBotPost(GovernanceSandbox.OWNERS)).startsWith("【业主大会结果 第1号】兰亭小区")
                    .contains("续聘物业：同意14户，反对3户");

            sandbox.say(GovernanceSandbox.OWNERS, "owner-7", "议程外表决 1 会上还表决了更换电梯维保公司");
            assertThat(sandbox.lastBotPost(GovernanceSandbox.OWNERS)).startsWith("已收到您的反映，已报社区处理");
            assertThat(sandbox.lastBotPost(GovernanceSandbox.COMMUNITY)).contains("业主大会表决了议程外事项",
                    "会上还表决了更换电梯维保公司");
        }
    }

    @Test
    void onlyTheCommitteePostsNoticesAndBadInputChangesNothing() throws Exception {
        try (GovernanceSandbox sandbox = new GovernanceSandbox(directory, clock, Map.of())) {
            sandbox.say(GovernanceSandbox.OWNERS, "owner-3", "大会公告 2026-12-20 1.换届");
            assertThat(sandbox.lastBotPost(GovernanceSandbox.OWNERS)).contains("您的身份不能使用这个命令");

            sandbox.say(GovernanceSandbox.OWNERS, "chair", "大会公告 下个月 换届");
            assertThat(sandbox.lastBotPost(GovernanceSandbox.OWNERS)).startsWith("格式：大会公告 会议日期 议程");
            sandbox.say(GovernanceSandbox.OWNERS, "chair", "大会公告 2026-02-30 换届");
            assertThat(sandbox.lastBotPost(GovernanceSandbox.OWNERS)).startsWith("格式：大会公告 会议日期 议程");
            sandbox.say(GovernanceSandbox.OWNERS, "chair", "大会公告 2026-10-01 换届");
            assertThat(sandbox.lastBotPost(GovernanceSandbox.OWNERS)).startsWith("会议日期应在今天之后");

            assertThat(count(sandbox, "SELECT count(*) FROM meeting_notice")).isZero();
        }
    }
}
