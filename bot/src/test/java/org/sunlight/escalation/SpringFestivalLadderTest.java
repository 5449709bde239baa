package org.sunlight.escalation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sunlight.question.SandboxChat.DONGYUAN_COMMUNITY;
import static org.sunlight.question.SandboxChat.JINXIU_COMMITTEE;
import static org.sunlight.question.SandboxChat.JINXIU_OWNERS;
import static org.sunlight.question.SandboxChat.QINGSHAN_DISCIPLINE;
import static org.sunlight.question.SandboxChat.QINGSHAN_TOWN;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sunlight.app.Sunlight;
import org.sunlight.app.TestSunlight;
import org.sunlight.calendar.WorkingCalendar;
import org.sunlight.question.SettableClock;
import org.sunlight.question.SandboxChat;

/**
 * The must-show ladder: an owner asks on Thu 2026-02-12 and nobody answers. Working days after that:
 * Fri 13, Sat 14 (make-up workday), then the Spring Festival holiday Feb 15–23, then Tue 24. So the
 * committee's 3 working days end with Feb 24; the community's 5 (from Feb 25, which does not count:
 * Feb 26, 27, make-up Sat 28, Mar 2, 3) end with Mar 3; the town's 5 (Mar 5, 6, 9, 10, 11) with Mar 11.
 */
class SpringFestivalLadderTest {

    @TempDir
    Path directory;

    private static Instant beijing(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(WorkingCalendar.ZONE).toInstant();
    }

    @Test
    void anUnansweredQuestionClimbsToTheDisciplineOfficeOnTheRightWorkingDaysAroundTheSpringFestival() {
        SettableClock clock = new SettableClock(beijing("2026-02-12T10:00"));
        try (Sunlight sunlight = TestSunlight.create(directory, clock)) {
            SandboxChat chat = new SandboxChat(sunlight);

            chat.say(JINXIU_OWNERS, "wang-fang", "@阳光监督助手 上季度停车费收入是多少？");

            assertThat(chat.lastBot(JINXIU_OWNERS)).contains("编号 1 号", "2026年2月24日（周二）当天结束前答复");
            assertThat(chat.lastBot(JINXIU_COMMITTEE)).contains("业主提问 1号：上季度停车费收入是多少？");
            long itemId = sunlight.questions().find(jinxiuId(sunlight), 1).orElseThrow().itemId();

            // Walk the clock hour by hour to Mar 13, running the sweep twice at every step.
            Instant end = beijing("2026-03-13T12:00");
            while (clock.instant().isBefore(end)) {
                clock.advance(Duration.ofHours(1));
                sunlight.escalationSweep().run(clock.instant());
                sunlight.escalationSweep().run(clock.instant());
                chat.settle();
                Instant now = clock.instant();
                int tier = sunlight.escalations().item(itemId).orElseThrow().tier();
                if (now.equals(beijing("2026-02-23T23:00"))) {
                    assertThat(tier).as("still the committee's on the last holiday").isZero();
                    assertThat(reminders(chat, JINXIU_COMMITTEE)).isEmpty();
                }
                if (now.equals(beijing("2026-02-24T23:00"))) {
                    assertThat(tier).as("the committee's last working day").isZero();
                    assertThat(reminders(chat, JINXIU_COMMITTEE)).singleElement().asString()
                            .contains("2026年2月24日（周二）当天结束");
                }
                if (now.equals(beijing("2026-02-25T00:00"))) {
                    assertThat(tier).as("overdue at the end of Feb 24: the community's").isEqualTo(1);
                }
                if (now.equals(beijing("2026-03-03T23:00"))) {
                    assertThat(tier).as("the make-up Saturday Feb 28 counted for the community").isEqualTo(1);
                }
                if (now.equals(beijing("2026-03-04T00:00"))) {
                    assertThat(tier).isEqualTo(2);
                }
                if (now.equals(beijing("2026-03-11T23:00"))) {
                    assertThat(tier).isEqualTo(2);
                }
                if (now.equals(beijing("2026-03-12T00:00"))) {
                    assertThat(tier).isEqualTo(3);
                }
            }

            // Each tier is reminded once, at 09:00 on its last working day, in its own group; it receives the
            // item at midnight after the previous tier's last working day.
            assertThat(postedAt(sunlight, JINXIU_COMMITTEE, "【业委会/物业提醒 #")).containsExactly(
                    beijing("2026-02-24T09:00"));
            assertThat(postedAt(sunlight, DONGYUAN_COMMUNITY, "【社区提醒 #")).containsExactly(
                    beijing("2026-03-03T09:00"));
            assertThat(postedAt(sunlight, QINGSHAN_TOWN, "【镇小区办提醒 #")).containsExactly(
                    beijing("2026-03-11T09:00"));
            assertThat(postedAt(sunlight, DONGYUAN_COMMUNITY, "【社区待办 #")).containsExactly(
                    beijing("2026-02-25T00:00"));
            assertThat(postedAt(sunlight, QINGSHAN_TOWN, "【镇小区办待办 #")).containsExactly(
                    beijing("2026-03-04T00:00"));
            assertThat(postedAt(sunlight, QINGSHAN_DISCIPLINE, "【镇纪委待办 #")).containsExactly(
                    beijing("2026-03-12T00:00"));
            assertThat(postedAt(sunlight, QINGSHAN_DISCIPLINE, "【镇纪委提醒 #")).as("no deadline, no reminder")
                    .isEmpty();
            assertThat(reminders(chat, JINXIU_COMMITTEE)).hasSize(1);
            assertThat(reminders(chat, DONGYUAN_COMMUNITY)).singleElement().asString()
                    .contains("2026年3月3日（周二）当天结束");
            assertThat(reminders(chat, QINGSHAN_TOWN)).singleElement().asString()
                    .contains("2026年3月11日（周三）当天结束");
            assertThat(chat.bot(DONGYUAN_COMMUNITY)).filteredOn(text -> text.startsWith("【社区待办"))
                    .singleElement().asString()
                    .contains("上报原因：业委会/物业未在期限内处理", "王芳（3-2-301）问：上季度停车费收入是多少？",
                            "登记", "请于2026年3月3日（周二）当天结束前处理", "/dashboard/items/" + itemId);
            assertThat(chat.bot(QINGSHAN_TOWN)).filteredOn(text -> text.startsWith("【镇小区办待办"))
                    .singleElement().asString().contains("社区未在期限内处理", "请于2026年3月11日（周三）当天结束前处理");
            // The evidence: the question, the whole timeline so far, the total age and a link.
            assertThat(chat.bot(QINGSHAN_DISCIPLINE)).filteredOn(text -> text.startsWith("【镇纪委待办"))
                    .singleElement().asString().contains("镇小区办未在期限内处理", "请审查并记录处理决定",
                            "王芳（3-2-301）问：上季度停车费收入是多少？",
                            "2026年2月12日 10:00 登记", "2026年2月24日 09:00 到期提醒",
                            "2026年2月25日 00:00 超期上报", "2026年3月4日 00:00 超期上报",
                            "2026年3月12日 00:00 超期上报", "总历时 27天14小时（16个工作日）", "/dashboard/items/" + itemId);
            assertThat(chat.bot(JINXIU_OWNERS)).filteredOn(text -> text.startsWith("【事项进展】")).hasSize(3);

            EscalationItem item = sunlight.escalations().item(itemId).orElseThrow();
            assertThat(item.tierReceivedAt()).isEqualTo(beijing("2026-03-12T00:00"));
            assertThat(item.dueAt()).isNull();

            Officer lin = Officer.of(sunlight.registry(), sunlight.registry().personByCode("lin-jiwei").orElseThrow());
            sunlight.decisions().decide(lin, itemId, Decision.INTERVIEW, "约谈业委会主任，限三个工作日内书面答复业主");
            chat.settle();

            assertThat(chat.lastBot(JINXIU_OWNERS)).startsWith("【镇纪委约谈】业主提问 1号")
                    .contains("镇纪委林书记：约谈业委会主任，限三个工作日内书面答复业主");
            assertThat(sunlight.escalations().events(itemId)).extracting(EscalationEvent::action)
                    .containsExactly("opened", "reminded", "escalated", "reminded", "escalated", "reminded",
                            "escalated", "interview");
            assertThat(sunlight.auditLog().entriesFor("escalation:" + itemId)).extracting(entry -> entry.action())
                    .containsExactly("escalation.open", "escalation.escalated", "escalation.escalated",
                            "escalation.escalated", "escalation.interview");
            assertThat(sunlight.auditLog().verify().intact()).isTrue();
        }
    }

    /** When the bot's posts in a group that start with the prefix were delivered (the sandbox's clock). */
    private static List<Instant> postedAt(Sunlight sunlight, String target, String prefix) {
        return sunlight.jdbi().withHandle(handle -> handle.createQuery("SELECT created_at FROM sandbox_message "
                        + "WHERE target = :target AND sender_code IS NULL AND substr(text, 1, :length) = :prefix "
                        + "ORDER BY id").bind("target", target).bind("prefix", prefix).bind("length", prefix.length())
                .mapTo(Long.class).map(Instant::ofEpochMilli).list());
    }

    private static List<String> reminders(SandboxChat chat, String target) {
        return chat.bot(target).stream().filter(text -> text.contains("提醒 #")).toList();
    }

    private static long jinxiuId(Sunlight sunlight) {
        return sunlight.registry().complexByCode("jinxiu").orElseThrow().complex().id();
    }
}
