package org.sunlight.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sunlight.question.SandboxChat.DONGYUAN_COMMUNITY;
import static org.sunlight.question.SandboxChat.JINXIU_OWNERS;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sunlight.app.Sunlight;
import org.sunlight.app.TestSunlight;
import org.sunlight.escalation.EscalationEvent;
import org.sunlight.question.SandboxChat;
import org.sunlight.question.SettableClock;
import org.sunlight.schedule.ScheduledTask;

/**
 * Downtime across an escalation deadline: an owner's question goes unanswered while Sunlight is
 * down past the committee's deadline. The start-up catch-up escalates it once; running every task
 * again, and restarting again, changes nothing more.
 */
class DowntimeAcrossDeadlinesTest {

    @TempDir
    Path directory;

    private static long itemOf(Sunlight sunlight) {
        return sunlight.jdbi().withHandle(handle -> handle.createQuery("SELECT item_id FROM question")
                .mapTo(Long.class).one());
    }

    private static int outboxRows(Sunlight sunlight) {
        return sunlight.jdbi().withHandle(handle -> handle.createQuery("SELECT count(*) FROM outbox")
                .mapTo(Integer.class).one());
    }

    private static List<String> steps(Sunlight sunlight) {
        return sunlight.escalations().events(itemOf(sunlight)).stream().map(EscalationEvent::action).toList();
    }

    @Test
    void aQuestionWhoseDeadlinePassedWhileDownEscalatesExactlyOnceAfterStart() {
        SettableClock clock = new SettableClock(Instant.parse("2026-03-02T02:00:00Z")); // Monday
        try (Sunlight first = TestSunlight.create(directory, clock)) {
            new SandboxChat(first).say(JINXIU_OWNERS, "wang-fang", "提问 电梯维修花了多少钱？");
            assertThat(first.escalations().item(itemOf(first)).orElseThrow().tier()).isZero();
        }

        clock.set(Instant.parse("2026-03-09T02:00:00Z")); // down past Thursday's deadline
        List<String> afterCatchUp;
        int outboxAfterCatchUp;
        try (Sunlight second = TestSunlight.create(directory, clock)) {
            second.schedules().start(); // the catch-up: every task once
            for (ScheduledTask task : second.schedules().tasks()) {
                second.schedules().runNow(task); // a normal run overlapping the catch-up
            }
            new SandboxChat(second).settle();

            assertThat(second.escalations().item(itemOf(second)).orElseThrow().tier()).isEqualTo(1);
            afterCatchUp = steps(second);
            assertThat(afterCatchUp.stream().filter(step -> !step.equals("opened")).count())
                    .as("steps after opening: %s", afterCatchUp).isEqualTo(1);
            assertThat(new SandboxChat(second).bot(DONGYUAN_COMMUNITY)).as("notices to the community")
                    .filteredOn(text -> text.contains("电梯维修花了多少钱")).hasSize(1);
            outboxAfterCatchUp = outboxRows(second);
        }

        try (Sunlight third = TestSunlight.create(directory, clock)) {
            third.schedules().start();
            new SandboxChat(third).settle();

            assertThat(steps(third)).isEqualTo(afterCatchUp);
            assertThat(outboxRows(third)).isEqualTo(outboxAfterCatchUp);
        }
    }
}
