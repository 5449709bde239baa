package org.sunlight.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sunlight.storage.Database;

class SchedulesTest {

    @TempDir
    Path directory;

    @Test
    void everyTaskRunsOnceAtStartToCatchUpAndItsRunIsRecorded() {
        Jdbi jdbi = Database.open(directory.resolve("sunlight.db"));
        Clock clock = Clock.fixed(Instant.parse("2026-05-01T00:00:00Z"), ZoneOffset.UTC);
        List<Instant> runs = new CopyOnWriteArrayList<>();
        ScheduledTask task = new ScheduledTask("due-check", "0 0 * * * ?", runs::add);
        ScheduledTask failing = new ScheduledTask("broken", "0 0 * * * ?", now -> {
            throw new IllegalStateException("boom");
        });

        try (Schedules schedules = new Schedules(jdbi, clock, List.of(task, failing))) {
            schedules.start();
        }

        assertThat(runs).containsExactly(Instant.parse("2026-05-01T00:00:00Z"));
        List<String> recorded = jdbi.withHandle(handle -> handle.createQuery("SELECT task_key || ':' || "
                + "coalesce(last_error, 'ok') FROM schedule_run ORDER BY task_key").mapTo(String.class).list());
        assertThat(recorded).containsExactly("broken:java.lang.IllegalStateException: boom", "due-check:ok");
    }
}
