package org.sunlight.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.jdbi.v3.core.Jdbi;
import org.sunlight.app.AppConfig;
import org.sunlight.app.Sunlight;
import org.sunlight.escalation.EscalationSweep;

/**
 * The PostgreSQL column of the suite ({@code bench/run --postgres}): goal 4 (escalation sweep) and
 * goal 1 (callbacks) measured again with Sunlight on a throwaway PostgreSQL with its durable
 * defaults ({@link BenchPostgres}), in the same run as the SQLite figures. The sweep runs in this JVM
 * on the same data shape as on SQLite; then the real service starts on that database (10,000
 * complexes and 1 M questions at full size, but no quarter close) and wrk drives callbacks at it,
 * with the bare Javalin reference measured again just before. Rows go next to their SQLite rows,
 * figures under {@code 1-callbacks-postgresql} and {@code 4-sweep-postgresql}.
 *
 * <p>Also runnable alone, for the PostgreSQL goals without the rest of the suite:
 * {@code java -Xmx256m -cp CP org.sunlight.bench.PostgresGoals --out DIR --work DIR --jar PATH
 * --classpath CP --wrk-script PATH [--port N] [--quick]}.
 */
final class PostgresGoals {

    private final Results results;
    private final Path work;
    private final Bench.Sizes sizes;
    private final Map<String, String> options;

    private PostgresGoals(Results results, Path work, Bench.Sizes sizes, Map<String, String> options) {
        this.results = results;
        this.work = work;
        this.sizes = sizes;
        this.options = options;
    }

    /**
     * Starts PostgreSQL, measures goal 4 and 1 on it as far as {@code goals} includes them ({@code sweep},
     * {@code callbacks}; the data is generated either way), stops it; {@code options} as {@link Bench} reads them.
     */
    static void run(Map<String, String> options, Bench.Sizes sizes, Results results, Path work, Set<String> goals)
            throws Exception {
        if (!goals.contains("sweep") && !goals.contains("callbacks")) {
            return;
        }
        try (BenchPostgres postgres = BenchPostgres.start()) {
            String durability = "synchronous_commit=" + postgres.show("synchronous_commit") + ", fsync="
                    + postgres.show("fsync") + ", full_page_writes=" + postgres.show("full_page_writes");
            results.machine().put("postgresql", postgres.show("server_version") + " (Debian's, throwaway on "
                    + "loopback; " + durability + ", other settings default)");
            PostgresGoals measure = new PostgresGoals(results, Files.createDirectories(work.resolve("postgresql")),
                    sizes, options);
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            measure.sweep(postgres, now, durability, goals.contains("sweep"));
            if (goals.contains("callbacks")) {
                measure.callbacks(postgres, durability);
            }
        }
    }

    /**
     * Goal 4 on PostgreSQL: the same two sweeps as on SQLite (100k then 1M stored, the same overdue); without
     * {@code measure} only the data, left unswept, for goal 1.
     */
    private void sweep(BenchPostgres postgres, Instant now, String durability, boolean measure) throws Exception {
        String g = "4-sweep-postgresql";
        Jdbi bulk = Jdbi.create(postgres.bulkUrl(), postgres.user(), "");
        DataSet data = new DataSet(bulk);
        AppConfig config = config(postgres.url(), postgres.user(), work.resolve("sweep-data"));
        try (Sunlight sunlight = new Sunlight(config, Clock.fixed(now, ZoneOffset.UTC))) {
            sunlight.loadDeployment();
            long t0 = System.nanoTime();
            data.complexes(sizes.complexes());
            results.put(g, "generate_complexes_seconds", seconds(System.nanoTime() - t0));
            double[] small = sweepOnce(sunlight, bulk, data, now, sizes.questionsSmall(), 1, measure);
            double[] large = sweepOnce(sunlight, bulk, data, now, sizes.questionsLarge() - sizes.questionsSmall(),
                    1 + (sizes.questionsSmall() + sizes.complexes() - 1) / sizes.complexes(), measure);
            if (!measure) {
                return;
            }
            results.put(g, "durability", durability);
            results.rowNextTo("4. Escalation sweep on PostgreSQL (" + durability.substring(0, durability.indexOf(','))
                            + "), " + sizes.overdue() + " overdue", "< 2 s; grows with overdue, not stored",
                    String.format(Locale.ROOT, "%.2f s (CPU %.2f s) with %,d stored; %.2f s (CPU %.2f s) with %,d "
                                    + "stored", small[0], small[1], (long) small[2], large[0], large[1],
                            (long) large[2]),
                    large[0] < 2 && small[0] < 2 ? "met" : "missed");
        }
    }

    /** Adds questions, analyses, sweeps once; returns wall seconds, sweep-thread CPU seconds and questions stored. */
    private double[] sweepOnce(Sunlight sunlight, Jdbi bulk, DataSet data, Instant now, int more, int firstNumber,
                               boolean measure) throws Exception {
        String g = "4-sweep-postgresql";
        long t0 = System.nanoTime();
        data.questions(sizes.complexes(), more, sizes.overdue(), now, firstNumber);
        // The planner needs statistics on tables that just grew from nothing; in production autovacuum's
        // analyse does this within a minute of such growth.
        bulk.useHandle(handle -> handle.execute("ANALYZE"));
        long stored = bulk.withHandle(handle -> handle.createQuery("SELECT count(*) FROM question")
                .mapTo(Long.class).one());
        results.put(g, "generate_seconds_" + stored, seconds(System.nanoTime() - t0));
        if (!measure) {
            return new double[] {0, 0, stored};
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu0 = threads.getCurrentThreadCpuTime();
        long t1 = System.nanoTime();
        EscalationSweep.Result result = sunlight.escalationSweep().run(now);
        double wall = seconds(System.nanoTime() - t1);
        double cpu = seconds(threads.getCurrentThreadCpuTime() - cpu0);
        results.put(g, "stored_" + stored, stored);
        results.put(g, "escalated_" + stored, result.escalated());
        results.put(g, "sweep_seconds_" + stored, wall);
        results.put(g, "sweep_cpu_seconds_" + stored, cpu);
        if (result.escalated() != sizes.overdue()) {
            throw new IllegalStateException("the sweep on PostgreSQL escalated " + result.escalated() + " of "
                    + sizes.overdue());
        }
        return new double[] {wall, cpu, stored};
    }

    /** Goal 1 on PostgreSQL: the service on the sweep's database, the bare reference, wrk, the exactly-once count. */
    private void callbacks(BenchPostgres postgres, String durability) throws Exception {
        String g = "1-callbacks-postgresql";
        External external = new External(results, work, options.get("--classpath"),
                Path.of(options.getOrDefault("--jar", "bot/target/sunlight.jar")), "256m");
        int port = Integer.parseInt(options.getOrDefault("--port", "18080"));
        int seconds = sizes.wrkSeconds();
        int perThread = sizes.payloadsPerThread();
        Path log = work.resolve("service.log");
        Process service = external.startService(Files.createDirectories(work.resolve("service-data")), port, log,
                Map.of("SUNLIGHT_DATABASE_URL", postgres.url(), "SUNLIGHT_DATABASE_USER", postgres.user()));
        External.Load bare;
        External.Load load;
        try {
            long healthy = external.waitUntilAnswering(service, port, "/health", Duration.ofSeconds(120));
            results.put(g, "start_to_healthy_ms_external", healthy);
            if (healthy < 0) {
                throw new IllegalStateException("the service on PostgreSQL did not become healthy; see " + log);
            }
            // As on SQLite: the schedules' catch-up runs in the background after start; load after it (bounded).
            results.put(g, "schedules_catch_up_done_before_load", External.waitForLogLine(log, "catch-up done",
                    Duration.ofSeconds(180)));
            bare = external.bare(port + 1, seconds);
            External.CallbackLoad measured = external.callbackLoad(service, port, seconds, perThread,
                    Path.of(options.getOrDefault("--wrk-script", "bench/wrk/callbacks.lua")));
            load = measured.load();
            // The service's JVM only: the PostgreSQL server's own CPU is in other processes.
            results.put(g, "callback_cpu_us_per_request_service_jvm", measured.cpuMicrosPerRequest());
            results.put(g, "callback_cpu_ms_by_thread_service_jvm", measured.cpuMillisByThread());
            Files.writeString(work.resolve("wrk-callbacks.txt"), load.raw());
            Files.writeString(work.resolve("wrk-bare.txt"), bare.raw());
        } finally {
            External.stop(service);
        }
        Jdbi jdbi = Jdbi.create(postgres.url(), postgres.user(), "");
        long rows = External.measuredRows(jdbi);
        External.Processing processing = External.processing(jdbi);
        results.put(g, "messages_stored_with_warm_up", processing.stored());
        results.put(g, "messages_processed_when_stopped", processing.processed());
        results.put(g, "questions_created", processing.questions());
        long questions = jdbi.withHandle(handle -> handle.createQuery("SELECT count(*) FROM question")
                .mapTo(Long.class).one());
        long acknowledged = load.requests() - load.non2xx();
        boolean wrapped = load.requests() > 2L * perThread;
        double ratio = bare.requestsPerSecond() == 0 ? 0 : load.requestsPerSecond() / bare.requestsPerSecond();
        External.putLoads(results, g, bare, load, ratio);
        External.putCounts(results, g, load, acknowledged);
        results.put(g, "inbound_rows", rows);
        results.put(g, "questions_in_database", questions);
        results.put(g, "payloads_wrapped", wrapped);
        results.put(g, "durability", durability);
        results.put(g, "connections", 32);
        results.put(g, "seconds", seconds);
        // As on SQLite: up to one request per connection may be stored after wrk's cut-off without being counted.
        boolean exactlyOnce = !wrapped && rows >= acknowledged && rows - acknowledged <= 32;
        results.rowNextTo("1. Callbacks, full durable path on PostgreSQL (" + durability.substring(0,
                        durability.indexOf(',')) + ", pool of 10; the sweep's database, no quarter close)",
                "≥ 0.5× bare, p99 < 20 ms, each ack stored once",
                String.format(Locale.ROOT, "%.0f req/s = %.2f× bare (bare again just before: %.0f req/s), p50 %.2f ms, "
                                + "p99 %.2f ms; %d answered, %d non-2xx (503 shed), %d socket errors; %d stored for "
                                + "%d acknowledged (≤ 32 in flight at wrk's cut-off)", load.requestsPerSecond(), ratio,
                        bare.requestsPerSecond(), load.p50(), load.p99(), load.requests(), load.non2xx(),
                        load.socketErrors(), rows, acknowledged) + processing.describe(),
                (ratio >= 0.5 ? "ratio met" : "ratio missed") + ", " + (load.p99() < 20 ? "p99 met" : "p99 missed")
                        + ", " + (exactlyOnce ? "every ack stored once (UNIQUE channel+MsgId)" : "COUNT MISMATCH"));
    }

    /** The benchmark's configuration with the database on PostgreSQL (no password: the server trusts loopback). */
    static AppConfig config(String databaseUrl, String databaseUser, Path dataDir) {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("data-dir", dataDir.toString());
        overrides.put("port", "0");
        overrides.put("deployment", DataSet.deployment(dataDir));
        overrides.put("database-url", databaseUrl);
        overrides.put("database-user", databaseUser);
        return AppConfig.resolve(null, Map.of(), overrides);
    }

    private static double seconds(long nanos) {
        return Math.round(nanos / 10_000_000.0) / 100.0;
    }

    /** The PostgreSQL goals alone; writes {@code latest.json} and {@code latest.md} to {@code --out}. */
    public static void main(String[] args) throws Exception {
        Bench.Arguments arguments = Bench.Arguments.parse(args);
        Map<String, String> options = arguments.options();
        boolean quick = arguments.quick();
        Results results = new Results();
        results.machine().put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        results.machine().put("cores", Runtime.getRuntime().availableProcessors());
        results.machine().put("mode", (quick ? "quick (smoke sizes)" : "full") + ", PostgreSQL goals only");
        Path work = Files.createDirectories(Path.of(options.getOrDefault("--work",
                Files.createTempDirectory("sunlight-bench").toString())));
        long started = System.nanoTime();
        try {
            run(options, quick ? Bench.Sizes.quick() : Bench.Sizes.full(), results, work,
                    Set.of("sweep", "callbacks"));
        } finally {
            Path loadavg = Path.of("/proc/loadavg");
            if (Files.exists(loadavg)) {
                results.machine().put("load average at the end", Files.readString(loadavg).trim());
            }
            results.machine().put("suite seconds", Math.round((System.nanoTime() - started) / 1e9));
            results.write(Path.of(options.getOrDefault("--out", "bench/results")));
            System.out.println(results.markdown());
        }
    }
}
