package org.sunlight.schedule;

import java.time.Instant;

/**
 * Periodic work such as "send the reminders that are due" or "escalate what is overdue".
 * A task must be idempotent and decide what to do from the database and {@code now}, never from
 * how many times it has fired: then a missed run is caught up by the next one, and a run twice
 * does nothing twice.
 *
 * @param key   stable name, e.g. {@code disclosure-due-check}
 * @param cron  Quartz cron expression, evaluated in Asia/Shanghai
 * @param work  what to do; receives the clock's current instant
 */
public record ScheduledTask(String key, String cron, Work work) {

    /** The work of a task. */
    @FunctionalInterface
    public interface Work {
        void run(Instant now) throws Exception;
    }
}
