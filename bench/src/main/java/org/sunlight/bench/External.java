package org.sunlight.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jdbi.v3.core.Jdbi;

/**
 * Goals measured against separate JVMs on loopback: start to healthy of the real service on the
 * benchmark's database (6), and callbacks through the real service versus a bare Javalin endpoint,
 * both driven by wrk from its own process (1).
 */
final class External {

    private final Results results;
    private final Path work;
    private final String classpath;
    private final Path jar;
    private final String heap;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    /** When each service process was launched (epoch ms), by pid. */
    private final Map<Long, Long> launched = new ConcurrentHashMap<>();

    External(Results results, Path work, String classpath, Path jar, String heap) {
        this.results = results;
        this.work = work;
        this.classpath = classpath;
        this.jar = jar;
        this.heap = heap;
    }

    /** The service on {@code dataDir} with the WeCom app callback configured (no outbound call needed). */
    Process startService(Path dataDir, int port, Path log) throws IOException {
        return startService(dataDir, port, log, Map.of());
    }

    /** As above, with more settings in the environment (e.g. {@code SUNLIGHT_DATABASE_URL}). */
    Process startService(Path dataDir, int port, Path log, Map<String, String> moreEnvironment) throws IOException {
        List<String> options = cdsArchiveCurrent() ? List.of("-XX:SharedArchiveFile=" + cdsArchive()) : List.of();
        return startService(dataDir, port, log, moreEnvironment, options);
    }

    private Process startService(Path dataDir, int port, Path log, Map<String, String> moreEnvironment,
            List<String> jvmOptions) throws IOException {
        List<String> command = new ArrayList<>(List.of("java", "-Xmx" + heap, "-Dfile.encoding=UTF-8"));
        command.addAll(jvmOptions);
        // For profiling a goal, e.g. SUNLIGHT_BENCH_SERVICE_OPTS="-XX:StartFlightRecording=filename=/tmp/s.jfr".
        String extra = System.getenv().getOrDefault("SUNLIGHT_BENCH_SERVICE_OPTS", "").strip();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toString(), "serve"));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.put("SUNLIGHT_DATA_DIR", dataDir.toString());
        env.put("SUNLIGHT_DEPLOYMENT", DataSet.deployment(dataDir));
        env.put("SUNLIGHT_PORT", String.valueOf(port));
        env.put("SUNLIGHT_SANDBOX", "true");
        env.put("SUNLIGHT_WECOM_CORP_ID", CallbackPayloads.CORP_ID);
        env.put("SUNLIGHT_WECOM_APP_TOKEN", CallbackPayloads.TOKEN);
        env.put("SUNLIGHT_WECOM_APP_AES_KEY", CallbackPayloads.AES_KEY);
        // Replies to staff would go to the WeCom API: point it at a closed port so nothing leaves the machine.
        env.put("SUNLIGHT_WECOM_API_BASE_URL", "http://127.0.0.1:9");
        env.putAll(moreEnvironment);
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        long launchedAt = System.currentTimeMillis();
        Process process = builder.start();
        launched.put(process.pid(), launchedAt);
        return process;
    }

    /**
     * Milliseconds from process start until {@code path} answers at all (-1 on timeout). The start is
     * when this class launched the process (fork and exec included); for other processes, what the
     * kernel reports, which Java computes from the boot time in whole seconds: 0.29 s early on this
     * machine, which made goal 6 look that much slower until the launch time was used.
     */
    long waitUntilAnswering(Process process, int port, String path, Duration limit) throws InterruptedException {
        Long launchedAt = launched.get(process.pid());
        long start = launchedAt != null ? launchedAt
                : process.info().startInstant().map(Instant::toEpochMilli).orElse(System.currentTimeMillis());
        long deadline = System.currentTimeMillis() + limit.toMillis();
        while (System.currentTimeMillis() < deadline && process.isAlive()) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return System.currentTimeMillis() - start;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(10);
        }
        return -1;
    }

    static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    /**
     * The class-data (AppCDS) archive that {@code ./sunlight serve} records on its first run after a
     * build and uses afterwards; the service started here uses it too, as a deployment would.
     */
    private Path cdsArchive() {
        return jar.toAbsolutePath().resolveSibling("sunlight.jsa");
    }

    private boolean cdsArchiveCurrent() throws IOException {
        return archiveCurrent(cdsArchive(), jar);
    }

    /**
     * The launcher's rule ({@code [ "$archive" -nt "$jar" ]}): an archive is used only if it was written
     * after the jar was built; an older one would be refused by the JVM anyway, with a warning.
     */
    static boolean archiveCurrent(Path archive, Path jar) throws IOException {
        return Files.isRegularFile(archive)
                && Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) > 0;
    }

    /**
     * Records the class-data archive as the launcher does on a first run: starts the service with
     * {@code -XX:ArchiveClassesAtExit}, waits until it is healthy and stops it (the JVM writes the
     * archive as it exits).
     */
    private void recordCdsArchive(Path dataDir, int port) throws Exception {
        Files.deleteIfExists(cdsArchive());
        Process training = startService(dataDir, port, work.resolve("service-cds-record.log"), Map.of(),
                List.of("-XX:ArchiveClassesAtExit=" + cdsArchive()));
        long healthy = waitUntilAnswering(training, port, "/health", Duration.ofSeconds(120));
        stop(training);
        if (healthy < 0 || !cdsArchiveCurrent()) {
            System.out.println("   no class-data archive recorded (see service-cds-record.log); measuring without");
        }
    }

    /** Starts measured for goal 6; the median is the verdict (one start is at the mercy of the machine). */
    static final int STARTS = 3;

    /**
     * Goal 6: {@link #STARTS} starts one after the other on the same database, each timed from
     * process start to the first 200 on {@code /health}. Returns the last one, healthy, for goal 1.
     */
    Process startup(Path dataDir, int port, int complexes) throws Exception {
        if (!cdsArchiveCurrent()) {
            recordCdsArchive(dataDir, port);
        }
        List<Long> healthy = new ArrayList<>();
        List<String> logged = new ArrayList<>();
        Process service = null;
        for (int start = 1; start <= STARTS; start++) {
            if (service != null) {
                stop(service);
            }
            Path log = work.resolve("service.log");
            service = startService(dataDir, port, log);
            long millis = waitUntilAnswering(service, port, "/health", Duration.ofSeconds(120));
            if (millis < 0) {
                throw new IllegalStateException("the service did not become healthy; see " + log);
            }
            healthy.add(millis);
            logged.add(servingLine(log));
        }
        List<Long> sorted = healthy.stream().sorted().toList();
        long median = sorted.get(sorted.size() / 2);
        results.put("6-footprint", "heap", heap);
        results.put("6-footprint", "complexes", complexes);
        results.put("6-footprint", "start_to_healthy_ms_external", median);
        results.put("6-footprint", "start_to_healthy_ms_each", healthy.toString());
        results.put("6-footprint", "start_to_serving_ms_logged_each", logged.toString());
        results.put("6-footprint", "class_data_archive", cdsArchiveCurrent());
        results.row("6. Start to healthy, " + complexes + " complexes (service -Xmx" + heap + ")", "< 2 s",
                median + " ms median of " + STARTS + " starts from process start to 200 on /health (each: "
                        + String.join(", ", healthy.stream().map(each -> each + " ms").toList())
                        + "; log: serving " + String.join(", ", logged) + " ms after JVM start)",
                median < 2000 ? "met" : "missed");
        return service;
    }

    /** The milliseconds the service logged between its JVM's start and serving, or "?". */
    private static String servingLine(Path log) throws IOException {
        String logged = "?";
        Pattern serving = Pattern.compile("Sunlight serving .* (\\d+) ms after the JVM started");
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            Matcher matcher = serving.matcher(line);
            if (matcher.find()) {
                logged = matcher.group(1);
            }
        }
        return logged;
    }

    /** The bare and callback loads' throughput, latencies and ratio under {@code group}. */
    static void putLoads(Results results, String group, Load bare, Load load, double ratio) {
        results.put(group, "bare_rps", bare.requestsPerSecond());
        results.put(group, "bare_p50_ms", bare.p50());
        results.put(group, "bare_p99_ms", bare.p99());
        results.put(group, "callback_rps", load.requestsPerSecond());
        results.put(group, "callback_p50_ms", load.p50());
        results.put(group, "callback_p99_ms", load.p99());
        results.put(group, "ratio", ratio);
    }

    /** What wrk counted, and how many it saw acknowledged, under {@code group}. */
    static void putCounts(Results results, String group, Load load, long acknowledged) {
        results.put(group, "requests", load.requests());
        results.put(group, "non_2xx", load.non2xx());
        results.put(group, "socket_errors", load.socketErrors());
        results.put(group, "acknowledged_2xx", acknowledged);
    }

    /** One wrk run; returns requests/s, p50 and p99 in ms, requests and non-2xx counts. */
    record Load(double requestsPerSecond, double p50, double p99, long requests, long non2xx, long socketErrors,
                String raw) {
    }

    Load wrk(String url, int connections, int seconds, Path script, String scriptArg) throws Exception {
        List<String> command = new ArrayList<>(List.of("wrk", "-t2", "-c" + connections, "-d" + seconds + "s",
                "--latency", "--timeout", "10s"));
        if (script != null) {
            command.addAll(List.of("-s", script.toString()));
        }
        command.add(url);
        if (scriptArg != null) {
            command.addAll(List.of("--", scriptArg));
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return new Load(number(out, "Requests/sec:\\s+([\\d.]+)"), latency(out, "50%"), latency(out, "99%"),
                (long) number(out, "(\\d+) requests in"), (long) number(out, "Non-2xx or 3xx responses: (\\d+)"),
                socketErrors(out), out);
    }

    private static double number(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }

    private static long socketErrors(String text) {
        Matcher matcher = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)")
                .matcher(text);
        if (!matcher.find()) {
            return 0;
        }
        long sum = 0;
        for (int group = 1; group <= 4; group++) {
            sum += Long.parseLong(matcher.group(group));
        }
        return sum;
    }

    private static double latency(String text, String percentile) {
        Matcher matcher = Pattern.compile("\\s" + percentile + "\\s+([\\d.]+)(us|ms|s)").matcher(text);
        if (!matcher.find()) {
            return -1;
        }
        double value = Double.parseDouble(matcher.group(1));
        return switch (matcher.group(2)) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
        };
    }

    static boolean waitForLogLine(Path log, String text, Duration limit) throws InterruptedException {
        long deadline = System.currentTimeMillis() + limit.toMillis();
        while (System.currentTimeMillis() < deadline) {
            try {
                if (Files.readString(log, StandardCharsets.UTF_8).contains(text)) {
                    return true;
                }
            } catch (IOException e) {
                // not written yet
            }
            Thread.sleep(500);
        }
        return false;
    }

    /** A measured callback load, the service's CPU per request during it and that CPU by thread name. */
    record CallbackLoad(Load load, double cpuMicrosPerRequest, Map<String, Long> cpuMillisByThread) {
        /** The threads that used the most CPU, e.g. "qtp 1200 ms, inbound-processor 800 ms". */
        String busiestThreads() {
            StringBuilder text = new StringBuilder("by thread: ");
            cpuMillisByThread.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .limit(6).forEach(entry -> text.append(text.length() > 11 ? ", " : "").append(entry.getKey())
                            .append(' ').append(entry.getValue()).append(" ms"));
            return text.toString();
        }
    }

    /**
     * Callbacks through the running service: first a warm-up (10 s, 2 s in smoke runs) with MsgIds of its
     * own (the bare reference gets 2 s), then the measured load, with the service's CPU during it in total and
     * by thread. Count what was stored with {@link #measuredRows}.
     */
    CallbackLoad callbackLoad(Process service, int port, int seconds, int perThread, Path script) throws Exception {
        String url = "http://127.0.0.1:" + port;
        Path warmUp = Files.createDirectories(work.resolve("payloads-warm-up"));
        CallbackPayloads.write(warmUp, 2, perThread, Instant.now(), CallbackPayloads.WARM_UP_FIRST_MSG_ID);
        // Long enough for the JIT to compile the callback path (the bare endpoint's is tiny; 2 s suffice there).
        int warmUpSeconds = Integer.parseInt(System.getenv().getOrDefault("SUNLIGHT_BENCH_WARM_UP_SECONDS",
                seconds >= 10 ? "10" : "2"));
        wrk(url, 32, warmUpSeconds, script, warmUp.toString());
        Path payloads = Files.createDirectories(work.resolve("payloads"));
        CallbackPayloads.write(payloads, 2, perThread, Instant.now(), CallbackPayloads.MEASURED_FIRST_MSG_ID);
        Map<String, Long> threadsBefore = threadCpuMillis(service);
        long cpuBefore = cpuMillis(service);
        Load load = wrk(url, 32, seconds, script, payloads.toString());
        long cpu = cpuMillis(service) - cpuBefore;
        Map<String, Long> byThread = new TreeMap<>();
        threadCpuMillis(service).forEach((thread, millis) -> {
            long used = millis - threadsBefore.getOrDefault(thread, 0L);
            if (used > 0) {
                byThread.put(thread, used);
            }
        });
        return new CallbackLoad(load, load.requests() == 0 ? 0 : cpu * 1000.0 / load.requests(), byThread);
    }

    /**
     * What the service had done with the callbacks (warm-up and measured) when it stopped: messages
     * stored, messages processed, questions asked through the WeCom app.
     */
    record Processing(long stored, long processed, long questions) {
        String describe() {
            return String.format(Locale.ROOT, "; %d of %d stored messages (warm-up included) processed before the "
                    + "service stopped, %d questions created from them", processed, stored, questions);
        }
    }

    static Processing processing(Jdbi jdbi) {
        return jdbi.withHandle(handle -> new Processing(
                handle.createQuery("SELECT count(*) FROM inbound_message WHERE channel = 'wecom-app'")
                        .mapTo(Long.class).one(),
                handle.createQuery("SELECT count(*) FROM inbound_message WHERE channel = 'wecom-app' "
                        + "AND processed_at IS NOT NULL").mapTo(Long.class).one(),
                handle.createQuery("SELECT count(*) FROM question WHERE channel = 'wecom-app'").mapTo(Long.class)
                        .one()));
    }

    /** Inbound rows of the measured load (not the warm-up's), on SQLite or PostgreSQL. */
    static long measuredRows(Jdbi jdbi) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT count(*) FROM inbound_message "
                + "WHERE channel = 'wecom-app' AND dedup_key >= :first")
                .bind("first", String.valueOf(CallbackPayloads.MEASURED_FIRST_MSG_ID)).mapTo(Long.class).one());
    }

    /**
     * CPU milliseconds per thread name of a process so far (Linux {@code /proc}; empty elsewhere); names
     * are grouped with their digits removed ("qtp123-45" and "qtp123-46" become "qtp-"), as the kernel
     * keeps the first 15 characters.
     */
    static Map<String, Long> threadCpuMillis(Process process) {
        Map<String, Long> byName = new TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc/" + process.pid() + "/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("\\d+", "");
                    byName.merge(name, statCpuMillis(stat), Long::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return byName;
    }

    /** User + system CPU milliseconds a process has used so far (Linux {@code /proc}; 0 elsewhere). */
    static long cpuMillis(Process process) {
        try {
            return statCpuMillis(Files.readString(Path.of("/proc/" + process.pid() + "/stat")));
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** User + system CPU milliseconds from a {@code /proc} stat line (process or thread). */
    private static long statCpuMillis(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // utime and stime (fields 14 and 15 of stat) in clock ticks, 10 ms on Linux.
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
    }

    /** Goal 1's reference alone (for PostgresGoals): the bare endpoint in its own JVM, warmed up, then loaded. */
    Load bare(int barePort, int seconds) throws Exception {
        Process bare = new ProcessBuilder("java", "-Xmx" + heap, "-cp", classpath, BareServer.class.getName(),
                String.valueOf(barePort)).redirectErrorStream(true).redirectOutput(work.resolve("bare.log").toFile())
                .start();
        try {
            if (waitUntilAnswering(bare, barePort, "/", Duration.ofSeconds(30)) < 0) {
                throw new IllegalStateException("the bare server did not start");
            }
            wrk("http://127.0.0.1:" + barePort + "/", 32, 2, null, null); // warm-up
            return wrk("http://127.0.0.1:" + barePort + "/", 32, seconds, null, null);
        } finally {
            stop(bare);
        }
    }

    /** Goal 1: the bare endpoint, then callbacks through the running service; then the exactly-once count. */
    void callbacks(Process service, int port, Path dataDir, int seconds, int perThread, Path script)
            throws Exception {
        // The schedules' catch-up over every complex runs in the background after start; measured during it,
        // the callbacks would share the cores with it. Wait for it (bounded) and say whether it had finished.
        boolean catchUpDone = waitForLogLine(work.resolve("service.log"), "catch-up done", Duration.ofSeconds(180));
        int barePort = port + 1;
        Process bare = new ProcessBuilder("java", "-Xmx" + heap, "-cp", classpath, BareServer.class.getName(),
                String.valueOf(barePort)).redirectErrorStream(true).redirectOutput(work.resolve("bare.log").toFile())
                .start();
        Load bareLoad;
        double bareCpuPerRequest;
        try {
            if (waitUntilAnswering(bare, barePort, "/", Duration.ofSeconds(30)) < 0) {
                throw new IllegalStateException("the bare server did not start");
            }
            wrk("http://127.0.0.1:" + barePort + "/", 32, 2, null, null); // warm-up
            long bareCpu = cpuMillis(bare);
            bareLoad = wrk("http://127.0.0.1:" + barePort + "/", 32, seconds, null, null);
            bareCpuPerRequest = bareLoad.requests() == 0 ? 0
                    : (cpuMillis(bare) - bareCpu) * 1000.0 / bareLoad.requests();
        } finally {
            stop(bare);
        }
        CallbackLoad measured = callbackLoad(service, port, seconds, perThread, script);
        Load load = measured.load();
        double cpuPerRequest = measured.cpuMicrosPerRequest();
        Files.writeString(work.resolve("wrk-callbacks.txt"), load.raw());
        Files.writeString(work.resolve("wrk-bare.txt"), bareLoad.raw());
        stop(service);
        Jdbi jdbi = Jdbi.create("jdbc:sqlite:" + dataDir.resolve("sunlight.db"));
        long rows = measuredRows(jdbi);
        Processing processing = processing(jdbi);
        String synchronous = jdbi.withHandle(handle -> handle.createQuery("PRAGMA synchronous")
                .mapTo(String.class).one());
        long acknowledged = load.requests() - load.non2xx();
        boolean wrapped = load.requests() > 2L * perThread;
        double ratio = bareLoad.requestsPerSecond() == 0 ? 0 : load.requestsPerSecond() / bareLoad.requestsPerSecond();
        String g = "1-callbacks";
        putLoads(results, g, bareLoad, load, ratio);
        // CPU the server process spent per answered request while wrk ran: less sensitive to other jobs on
        // the machine than throughput (for the service it includes processing the messages in the background).
        results.put(g, "bare_cpu_us_per_request", bareCpuPerRequest);
        results.put(g, "callback_cpu_us_per_request", cpuPerRequest);
        results.put(g, "callback_cpu_ms_by_thread", measured.cpuMillisByThread());
        results.put(g, "messages_stored_with_warm_up", processing.stored());
        results.put(g, "messages_processed_when_stopped", processing.processed());
        results.put(g, "questions_created", processing.questions());
        putCounts(results, g, load, acknowledged);
        results.put(g, "inbound_rows", rows);
        results.put(g, "payloads_wrapped", wrapped);
        results.put(g, "sqlite_synchronous", "FULL (the service's Database.dataSource; WAL)");
        results.put(g, "connections", 32);
        results.put(g, "schedules_catch_up_done_before_load", catchUpDone);
        results.put(g, "seconds", seconds);
        // wrk stops counting at its deadline with up to one request per connection in flight: those may be
        // stored without being counted as answered, never the other way round.
        boolean exactlyOnce = !wrapped && rows >= acknowledged && rows - acknowledged <= 32;
        results.row("1. Bare Javalin constant string (reference)", "—", String.format(Locale.ROOT,
                "%.0f req/s, p50 %.2f ms, p99 %.2f ms", bareLoad.requestsPerSecond(), bareLoad.p50(), bareLoad.p99()),
                "reference");
        results.row("1. Callbacks, full durable path (synchronous=FULL, WAL, group commit"
                        + (CallbackPayloads.SENDER_PREFIX.equals("staff-") ? ")" : "; unknown senders, no questions)"),
                "≥ 0.5× bare, p99 < 20 ms, each ack stored once",
                String.format(Locale.ROOT, "%.0f req/s = %.2f× bare, p50 %.2f ms, p99 %.2f ms; %d answered, %d non-2xx "
                        + "(503 shed), %d socket errors; %d stored for %d acknowledged (≤ 32 in flight at wrk's cut-off)", load.requestsPerSecond(), ratio,
                        load.p50(), load.p99(), load.requests(), load.non2xx(), load.socketErrors(), rows, acknowledged)
                        + String.format(Locale.ROOT, "; server CPU per request %.0f µs vs %.0f µs bare (%s)", cpuPerRequest,
                        bareCpuPerRequest, measured.busiestThreads()) + processing.describe(),
                (ratio >= 0.5 ? "ratio met" : "ratio missed") + ", " + (load.p99() < 20 ? "p99 met" : "p99 missed")
                        + ", " + (exactlyOnce ? "every ack stored once (UNIQUE channel+MsgId)" : "COUNT MISMATCH"));
        results.put(g, "reported_synchronous_pragma_of_a_default_connection", synchronous);
    }
}
