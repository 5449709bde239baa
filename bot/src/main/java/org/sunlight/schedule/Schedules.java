package org.sunlight.schedule;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TimeZone;

import javax.sql.DataSource;

import org.jdbi.v3.core.Jdbi;
import org.quartz.CronScheduleBuilder;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sunlight.storage.Dialect;
import org.sunlight.storage.StorageConfig;

/**
 * Runs {@link ScheduledTask}s on Quartz. On SQLite (one node) with the in-memory job store, rebuilt
 * at every start from the task list (Quartz's JDBC store does not work on SQLite); missed periods
 * are caught up by running every task once at start: tasks work out what is due from the database,
 * so one run does everything a downtime skipped, and unique keys on what they produce keep it to
 * once. On PostgreSQL (several nodes) with Quartz's clustered JDBC job store on the same database:
 * each firing runs on one node, never two runs of a task at once anywhere, and the catch-up is a
 * one-shot trigger fired by Quartz on one node rather than a run on every node; {@link #start}
 * waits until it has run, as on SQLite.
 * Each run's time is recorded in {@code schedule_run} for /health. Thread-safe.
 */
public final class Schedules implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Schedules.class);
    static final TimeZone ZONE = TimeZone.getTimeZone("Asia/Shanghai");
    private static final Duration CATCH_UP_WAIT = Duration.ofMinutes(2);

    private final Jdbi jdbi;
    private final Clock clock;
    private final List<ScheduledTask> tasks;
    private final Scheduler scheduler;
    private final boolean clustered;

    public Schedules(Jdbi jdbi, Clock clock, List<ScheduledTask> tasks) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.tasks = List.copyOf(tasks);
        this.clustered = StorageConfig.dialect(jdbi) == Dialect.POSTGRESQL;
        Properties properties = new Properties();
        properties.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        if (clustered) {
            clusteredJobStore(properties);
        } else {
            properties.setProperty("org.quartz.scheduler.instanceName", "sunlight-" + System.identityHashCode(this));
            properties.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        }
        properties.setProperty("org.quartz.threadPool.threadCount", "2");
        properties.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
        try {
            this.scheduler = new StdSchedulerFactory(properties).getScheduler();
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot create the Quartz scheduler", e);
        }
    }

    /**
     * The clustered JDBC job store on Sunlight's own PostgreSQL database and connection pool. Every
     * node of one cluster uses one database, so the scheduler is named after it (nodes must agree on
     * the name; two Sunlights on different databases in one JVM must not).
     */
    private void clusteredJobStore(Properties properties) {
        String database = jdbi.withHandle(handle -> handle.createQuery("SELECT current_database()")
                .mapTo(String.class).one());
        String dataSourceName = "sunlight-" + database + "-" + System.identityHashCode(this);
        DataSource dataSource = jdbi.getConfig(StorageConfig.class).dataSource();
        DBConnectionManager.getInstance().addConnectionProvider(dataSourceName, new PooledConnections(dataSource));
        properties.setProperty("org.quartz.scheduler.instanceName", "sunlight-" + database);
        properties.setProperty("org.quartz.scheduler.instanceId", "AUTO");
        properties.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        properties.setProperty("org.quartz.jobStore.driverDelegateClass",
                "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        properties.setProperty("org.quartz.jobStore.dataSource", dataSourceName);
        properties.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        properties.setProperty("org.quartz.jobStore.isClustered", "true");
        properties.setProperty("org.quartz.jobStore.clusterCheckinInterval", "5000");
    }

    /**
     * Starts firing the tasks on their schedules, after a catch-up run of every task: on SQLite run
     * here; on PostgreSQL a one-shot trigger per task that Quartz fires once on one node.
     */
    public void start() {
        if (!clustered) {
            tasks.forEach(this::runNow);
        }
        try {
            for (ScheduledTask task : tasks) {
                JobDetail job = JobBuilder.newJob(TaskJob.class).withIdentity(task.key()).build();
                Trigger trigger = TriggerBuilder.newTrigger().withIdentity(task.key())
                        .withSchedule(CronScheduleBuilder.cronSchedule(task.cron()).inTimeZone(ZONE)
                                .withMisfireHandlingInstructionFireAndProceed())
                        .build();
                // Nodes of a cluster share the stored jobs: the starting node's task list replaces them.
                scheduler.scheduleJob(job, Set.of(trigger), true);
                if (clustered) {
                    scheduleCatchUp(task);
                }
            }
            // Jobs are made by this factory, so they reach this instance without any static state.
            scheduler.setJobFactory((bundle, ignored) -> new TaskJob(this));
            scheduler.start();
            if (clustered) {
                awaitCatchUp();
            }
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot schedule tasks", e);
        }
    }

    /**
     * Returns once every catch-up trigger has fired (here or on another node) and its run ended, so
     * that, as on SQLite, a started node has caught up before it serves.
     */
    private void awaitCatchUp() throws SchedulerException {
        long deadline = System.nanoTime() + CATCH_UP_WAIT.toNanos();
        for (ScheduledTask task : tasks) {
            TriggerKey key = TriggerKey.triggerKey("catch-up:" + task.key());
            while (scheduler.checkExists(key)) {
                if (System.nanoTime() > deadline) {
                    LOG.warn("catch-up of {} has not run after {}; serving anyway", task.key(), CATCH_UP_WAIT);
                    return;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** One catch-up firing per task for the cluster: nodes starting together find it already there. */
    private void scheduleCatchUp(ScheduledTask task) throws SchedulerException {
        Trigger catchUp = TriggerBuilder.newTrigger().withIdentity("catch-up:" + task.key())
                .forJob(task.key()).startNow().build();
        try {
            scheduler.scheduleJob(catchUp);
        } catch (ObjectAlreadyExistsException e) {
            LOG.debug("catch-up of {} already scheduled by another node", task.key());
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

    /** Hands Quartz connections from Sunlight's pool; Quartz manages their transactions itself. */
    private record PooledConnections(DataSource dataSource) implements ConnectionProvider {
        @Override
        public Connection getConnection() throws SQLException {
            return dataSource.getConnection();
        }

        @Override
        public void shutdown() {
            // The pool belongs to Sunlight's database, not to Quartz.
        }

        @Override
        public void initialize() {
            // Nothing to set up: the pool exists already.
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
