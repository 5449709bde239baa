package org.sunlight.schedule;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.TimeZone;

import org.jdbi.v3.core.Jdbi;
import org.quartz.CronScheduleBuilder;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link ScheduledTask}s on Quartz with the in-memory job store, rebuilt at every start
 * from the task list (Quartz's JDBC store does not work on SQLite). Missed periods are caught up
 * by running every task once at start: tasks work out what is due from the database, so one run
 * does everything a downtime skipped, and unique keys on what they produce keep it to once.
 * Each run's time is recorded in {@code schedule_run} for /health. Thread-safe.
 */
public final class Schedules implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Schedules.class);
    static final TimeZone ZONE = TimeZone.getTimeZone("Asia/Shanghai");

    private final Jdbi jdbi;
    private final Clock clock;
    private final List<ScheduledTask> tasks;
    private final Scheduler scheduler;
    private final String instanceName = "sunlight-" + System.identityHashCode(this);

    public Schedules(Jdbi jdbi, Clock clock, List<ScheduledTask> tasks) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.tasks = List.copyOf(tasks);
        Properties properties = new Properties();
        properties.setProperty("org.quartz.scheduler.instanceName", instanceName);
        properties.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        properties.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        properties.setProperty("org.quartz.threadPool.threadCount", "2");
        properties.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
        try {
            this.scheduler = new StdSchedulerFactory(properties).getScheduler();
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot create the Quartz scheduler", e);
        }
    }

    /** Runs every task once (the catch-up), then starts firing them on their schedules. */
    public void start() {
        tasks.forEach(this::runNow);
        try {
            for (ScheduledTask task : tasks) {
                JobDetail job = JobBuilder.newJob(TaskJob.class).withIdentity(task.key()).build();
                Trigger trigger = TriggerBuilder.newTrigger().withIdentity(task.key())
                        .withSchedule(CronScheduleBuilder.cronSchedule(task.cron()).inTimeZone(ZONE)
                                .withMisfireHandlingInstructionFireAndProceed())
                        .build();
                scheduler.scheduleJob(job, trigger);
            }
            // Jobs are made by this factory, so they reach this instance without any static state.
            scheduler.setJobFactory((bundle, ignored) -> new TaskJob(this));
            scheduler.start();
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot schedule tasks", e);
        }
    }

    /** Runs one task now (also what Quartz calls); failures are logged, never thrown into Quartz. */
    public void runNow(ScheduledTask task) {
        Instant now = clock.instant();
        try {
            task.work().run(now);
            jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO schedule_run (task_key, last_run_at, last_error) "
                            + "VALUES (:key, :at, NULL) ON CONFLICT (task_key) DO UPDATE SET last_run_at = :at, "
                            + "last_error = NULL")
                    .bind("key", task.key()).bind("at", now.toEpochMilli()).execute());
        } catch (Exception e) {
            LOG.error("scheduled task {} failed; it runs again at its next time", task.key(), e);
            jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO schedule_run (task_key, last_run_at, last_error) "
                            + "VALUES (:key, :at, :error) ON CONFLICT (task_key) DO UPDATE SET last_error = :error")
                    .bind("key", task.key()).bind("at", now.toEpochMilli()).bind("error", e.toString()).execute());
        }
    }

    public Optional<ScheduledTask> task(String key) {
        return tasks.stream().filter(task -> task.key().equals(key)).findFirst();
    }

    public List<ScheduledTask> tasks() {
        return tasks;
    }

    @Override
    public void close() {
        try {
            scheduler.shutdown(true);
        } catch (SchedulerException e) {
            LOG.warn("Quartz did not shut down cleanly", e);
        }
    }

    /** The Quartz job that runs a {@link ScheduledTask}; never two runs of one task at once. */
    @DisallowConcurrentExecution
    static final class TaskJob implements Job {
        private final Schedules schedules;

        TaskJob(Schedules schedules) {
            this.schedules = schedules;
        }

        @Override
        public void execute(JobExecutionContext context) {
            schedules.task(context.getJobDetail().getKey().getName()).ifPresent(schedules::runNow);
        }
    }
}
