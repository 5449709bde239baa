package org.sunlight.escalation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sunlight.app.Sunlight;
import org.sunlight.app.TestSunlight;
import org.sunlight.question.SettableClock;
import org.sunlight.registry.ComplexView;
import org.sunlight.schedule.ScheduledTask;

class EscalationsTest {

    @TempDir
    Path directory;

    @Test
    void opensAnItemOnceAndTellsTheCommunityGroupWithTheDeadline() {
        try (Sunlight sunlight = TestSunlight.create(directory)) {
            ComplexView jinxiu = sunlight.registry().complexByCode("jinxiu").orElseThrow();
            Escalations.Opening opening = new Escalations.Opening(jinxiu.complex().id(), "missed-disclosure",
                    "duty:jinxiu:public-revenue:2026Q1", Tier.COMMUNITY, "2026年第1季度公共收益未按时公示",
                    "应于2026年4月30日前公示。", "system");

            Escalations.Opened first = sunlight.escalations().open(opening);
            Escalations.Opened again = sunlight.escalations().open(opening);
            sunlight.outboxWorker().deliverDue();

            assertThat(first.created()).isTrue();
            assertThat(again.created()).isFalse();
            assertThat(again.id()).isEqualTo(first.id());
            List<String> posted = sunlight.jdbi().withHandle(handle -> handle.createQuery(
                    "SELECT text FROM sandbox_message WHERE target = 'community:dongyuan:community'")
                    .mapTo(String.class).list());
            // Opened Mon 2026-03-02 10:00 Beijing; 5 working days → due by the end of Mon 2026-03-09.
            assertThat(posted).singleElement().asString()
                    .startsWith("【社区待办 #" + first.id() + "】锦绣花园")
                    .contains("2026年第1季度公共收益未按时公示", "请于 2026年3月10日 00:00 前处理");
            assertThat(sunlight.auditLog().verify().intact()).isTrue();
            Long due = sunlight.jdbi().withHandle(handle -> handle.createQuery("SELECT due_at FROM escalation_item")
                    .mapTo(Long.class).one());
            assertThat(Instant.ofEpochMilli(due)).isEqualTo(Instant.parse("2026-03-09T16:00:00Z"));
        }
    }

    @Test
    void theSweepIsAScheduledTaskEveryFiveMinutesThatMovesOverdueItemsUp() {
        SettableClock clock = new SettableClock(TestSunlight.NOW);
        try (Sunlight sunlight = TestSunlight.create(directory, clock)) {
            ComplexView jinxiu = sunlight.registry().complexByCode("jinxiu").orElseThrow();
            long id = sunlight.escalations().open(new Escalations.Opening(jinxiu.complex().id(), "missed-disclosure",
                    "duty:jinxiu:public-revenue:2026Q1", Tier.COMMUNITY, "2026年第1季度公共收益未按时公示",
                    "应于2026年4月30日前公示。", "system")).id();
            ScheduledTask sweep = sunlight.schedules().task("escalation-sweep").orElseThrow();
            assertThat(sweep.cron()).isEqualTo("0 */5 * * * ?");

            clock.set(Instant.parse("2026-03-09T16:05:00Z")); // five minutes after the community's deadline
            sunlight.schedules().runNow(sweep);

            assertThat(sunlight.escalations().item(id).orElseThrow().tier()).isEqualTo(Tier.TOWN.level());
        }
    }
}
