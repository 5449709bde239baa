package org.sunlight.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.sunlight.app.AppConfig;
import org.sunlight.app.Sunlight;

/**
 * The end-to-end benchmark runner behind {@code bench/run}: builds the data sets in a temporary
 * directory, measures every goal of the performance issue against its reference in the same run,
 * and writes {@code latest.json} and {@code latest.md}. Timings are reported, never asserted.
 *
 * <p>Arguments: {@code --out DIR --work DIR --jar PATH --classpath CP --wrk-script PATH [--port N] [--quick]
 * [--only GOAL,GOAL...]}; the service listens on {@code N} (default 18080) and the bare reference on {@code N + 1}.
 * {@code --only} runs the named goals ({@link #GOALS}) and what they cannot run without (delivery needs the
 * quarter close, callbacks the started service); data another goal would have made is generated without
 * measuring it (complexes without ledgers; questions without a sweep).
 */
public final class Bench {

    /** Data sizes: the issue's, or a smoke run's. */
    record Sizes(int complexes, int ledgerLines, int renderSample, int questionsSmall, int questionsLarge,
                 int overdue, int wrkSeconds, int payloadsPerThread, int dashboardRounds) {

        static Sizes full() {
            return new Sizes(10_000, 12, 1_000, 100_000, 1_000_000, 10_000, 10, 150_000, 10);
        }

        static Sizes quick() {
            return new Sizes(300, 12, 300, 10_000, 50_000, 500, 3, 30_000, 3);
        }

        Sizes withWrkSeconds(int seconds) {
            return new Sizes(complexes, ledgerLines, renderSample, questionsSmall, questionsLarge, overdue, seconds,
                    Math.max(payloadsPerThread, seconds * 10_000), dashboardRounds);
        }
    }

    /** Goal names for {@code --only}, in the order they run. */
    static final List<String> GOALS = List.of("quarter-close", "delivery", "sweep", "dashboard", "startup",
            "callbacks");

    private Bench() {
    }

    /** The goals to run: all, or those named (comma-separated) plus their prerequisites. */
    static Set<String> goals(String only) {
        if (only == null || only.isBlank()) {
            return new LinkedHashSet<>(GOALS);
        }
        Set<String> named = new LinkedHashSet<>();
        for (String goal : only.split(",")) {
            String name = goal.strip();
            if (!GOALS.contains(name)) {
                throw new IllegalArgumentException("--only " + only + ": unknown goal " + name + " (goals: "
                        + String.join(",", GOALS) + ")");
            }
            named.add(name);
        }
        if (named.contains("delivery")) {
            named.add("quarter-close");
        }
        if (named.contains("callbacks")) {
            named.add("startup");
        }
        Set<String> ordered = new LinkedHashSet<>();
        GOALS.stream().filter(named::contains).forEach(ordered::add);
        return ordered;
    }

    /** The runners' command line: {@code --quick} alone, every other option with one value. */
    record Arguments(Map<String, String> options, boolean quick) {

        static Arguments parse(String[] args) {
            Map<String, String> options = new HashMap<>();
            boolean quick = false;
            for (int i = 0; i < args.length; i++) {
                if ("--quick".equals(args[i])) {
                    quick = true;
                } else if (i + 1 < args.length) {
                    options.put(args[i], args[++i]);
                } else {
                    throw new IllegalArgumentException(args[i] + " needs a value");
                }
            }
            return new Arguments(options, quick);
        }
    }

    public static void main(String[] args) throws Exception {
        Arguments arguments = Arguments.parse(args);
        Map<String, String> options = arguments.options();
        boolean quick = arguments.quick();
        // SUNLIGHT_BENCH_WRK_SECONDS: for profiling the callbacks at smoke size for longer; the runs
        // use the sizes as they are.
        String wrkSeconds = System.getenv("SUNLIGHT_BENCH_WRK_SECONDS");
        Sizes sizes = wrkSeconds == null ? (quick ? Sizes.quick() : Sizes.full())
                : (quick ? Sizes.quick() : Sizes.full()).withWrkSeconds(Integer.parseInt(wrkSeconds));
        Set<String> goals = goals(options.get("--only"));
        Path out = Path.of(options.getOrDefault("--out", "bench/results"));
        Path work = Files.createDirectories(Path.of(options.getOrDefault("--work",
                Files.createTempDirectory("sunlight-bench").toString())));
        Results results = new Results();
        machine(results, quick, goals);
        long started = System.nanoTime();
        Path dataDir = work.resolve("data");
        // The real time, so the service started later on the same database sees the same deadlines.
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try {
            try (Sunlight sunlight = new Sunlight(config(dataDir), Clock.fixed(now, ZoneOffset.UTC))) {
                sunlight.loadDeployment();
                sunlight.web().start("127.0.0.1", 0);
                InProcess inProcess = new InProcess(sunlight, results, now);
                DataSet data = new DataSet(sunlight.jdbi());
                if (goals.contains("quarter-close")) {
                    step("goal 2: quarter close", () -> inProcess.quarterClose(sizes.complexes(),
                            sizes.ledgerLines(), sizes.renderSample()));
                } else {
                    step("data: complexes", () -> data.complexes(sizes.complexes()));
                }
                if (goals.contains("delivery")) {
                    step("goal 3: delivery planning", () -> inProcess.deliveryPlan(100));
                }
                if (!goals.contains("sweep")) {
                    // The same questions the sweep's two runs would store, left unswept (still at the complex tier).
                    step("data: questions", () -> {
                        data.questions(sizes.complexes(), sizes.questionsSmall(), sizes.overdue(), now, 1);
                        data.questions(sizes.complexes(), sizes.questionsLarge() - sizes.questionsSmall(),
                                sizes.overdue(), now, 1 + (sizes.questionsSmall() + sizes.complexes() - 1)
                                        / sizes.complexes());
                    });
                }
                if (goals.contains("sweep")) {
                    step("goal 4: escalation sweep", () -> {
                        InProcess.SweepTime small = inProcess.sweep(sizes.complexes(), sizes.questionsSmall(),
                                sizes.overdue(), 1);
                        int more = sizes.questionsLarge() - sizes.questionsSmall();
                        InProcess.SweepTime large = inProcess.sweep(sizes.complexes(), more, sizes.overdue(),
                                1 + (sizes.questionsSmall() + sizes.complexes() - 1) / sizes.complexes());
                        results.row("4. Escalation sweep, " + sizes.overdue() + " overdue", "< 2 s; grows with "
                                        + "overdue, not stored", String.format(Locale.ROOT, "%.2f s (CPU %.2f s) with "
                                        + "%,d stored; %.2f s (CPU %.2f s) with %,d stored", small.seconds(),
                                        small.cpuSeconds(), sizes.questionsSmall(), large.seconds(),
                                        large.cpuSeconds(), sizes.questionsLarge()),
                                large.seconds() < 2 && small.seconds() < 2 ? "met" : "missed");
                    });
                }
                if (goals.contains("dashboard")) {
                    step("goal 5: dashboard", () -> inProcess.dashboard(sizes.dashboardRounds()));
                }
            }
            if (goals.contains("startup")) {
                External external = new External(results, work, options.get("--classpath"),
                        Path.of(options.getOrDefault("--jar", "bot/target/sunlight.jar")), "256m");
                int port = Integer.parseInt(options.getOrDefault("--port", "18080"));
                Process[] service = new Process[1];
                step("goal 6: start to healthy", () -> service[0] = external.startup(dataDir, port,
                        sizes.complexes()));
                if (service[0] != null && goals.contains("callbacks")) {
                    step("goal 1: callbacks", () -> external.callbacks(service[0], port, dataDir,
                            sizes.wrkSeconds(), sizes.payloadsPerThread(), Path.of(options.getOrDefault(
                                    "--wrk-script", "bench/wrk/callbacks.lua"))));
                }
                if (service[0] != null && service[0].isAlive()) {
                    External.stop(service[0]);
                }
            }
            if (options.containsKey("--postgres")) { // --postgres on: the PostgreSQL column (PostgresGoals)
                step("goals 4 and 1 on PostgreSQL", () -> PostgresGoals.run(options, sizes, results, work, goals));
            }
        } finally {
            results.machine().put("suite seconds", Math.round((System.nanoTime() - started) / 1e9));
            results.write(out);
            System.out.println(results.markdown());
        }
    }

    /** A goal that fails is recorded as such and the others still run. */
    @FunctionalInterface
    interface Step {
        void run() throws Exception;
    }

    private static void step(String name, Step step) {
        System.out.println("== " + name);
        long t0 = System.nanoTime();
        try {
            step.run();
        } catch (Exception | Error e) {
            e.printStackTrace();
            throw new IllegalStateException(name + " failed: " + e, e);
        } finally {
            System.out.printf(Locale.ROOT, "   %s took %.1f s%n", name, (System.nanoTime() - t0) / 1e9);
        }
    }

    static AppConfig config(Path dataDir) {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("data-dir", dataDir.toString());
        overrides.put("port", "0");
        overrides.put("deployment", DataSet.deployment(dataDir));
        return AppConfig.resolve(null, Map.of(), overrides);
    }

    private static void machine(Results results, boolean quick, Set<String> goals) throws IOException {
        Map<String, Object> machine = results.machine();
        machine.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        String cpu = "unknown";
        String memory = "unknown";
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.exists(cpuinfo)) {
            cpu = Files.readAllLines(cpuinfo, StandardCharsets.UTF_8).stream()
                    .filter(line -> line.startsWith("model name")).findFirst()
                    .map(line -> line.substring(line.indexOf(':') + 1).trim()).orElse(cpu);
        }
        Path meminfo = Path.of("/proc/meminfo");
        if (Files.exists(meminfo)) {
            memory = Files.readAllLines(meminfo, StandardCharsets.UTF_8).stream()
                    .filter(line -> line.startsWith("MemTotal")).findFirst()
                    .map(line -> Math.round(Long.parseLong(line.replaceAll("\\D", "")) / 1024.0 / 1024.0) + " GiB")
                    .orElse(memory);
        }
        machine.put("cpu", cpu);
        machine.put("memory", memory);
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        machine.put("benchmark heap", Runtime.getRuntime().maxMemory() / 1024 / 1024 + " MiB");
        machine.put("sqlite synchronous", "FULL (WAL)");
        machine.put("mode", (quick ? "quick (smoke sizes)" : "full")
                + (goals.size() == GOALS.size() ? "" : ", only " + String.join(",", goals)));
    }
}
