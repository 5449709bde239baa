package org.sunlight.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.sunlight.app.Sunlight;
import org.sunlight.disclosure.Statement;
import org.sunlight.disclosure.StatementChart;
import org.sunlight.disclosure.Statements;
import org.sunlight.escalation.EscalationSweep;
import org.sunlight.ledger.LedgerKind;
import org.sunlight.ledger.Period;
import org.sunlight.registry.ComplexView;

/**
 * Goals measured inside the benchmark's JVM against the real services on one SQLite file:
 * quarter close (2), delivery planning (3), escalation sweep (4) and dashboard pages (5).
 */
final class InProcess {

    private final Sunlight sunlight;
    private final DataSet data;
    private final Results results;
    private final Instant now;
    private final HttpClient http;

    InProcess(Sunlight sunlight, Results results, Instant now) {
        this.sunlight = sunlight;
        this.data = new DataSet(sunlight.jdbi());
        this.results = results;
        this.now = now;
        this.http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    }

    static double ms(long nanos) {
        return Math.round(nanos / 10_000.0) / 100.0;
    }

    private static String f(double value) {
        return String.format(java.util.Locale.ROOT, "%.2f", value);
    }

    /** The complexes alone, for runs that skip the quarter close (the later goals need them). */
    void complexesOnly(int complexes) throws Exception {
        data.complexes(complexes);
    }

    /**
     * Goal 2: the close end to end: every complex's filed quarter published in batches
     * ({@link Statements#publishAll}: statement, digest, audit entry, chat text, outbox rows, chart
     * PNG drawn on both cores and stored), then every complex's statement page rendered over HTTP
     * by two client threads (pages are rendered on request from the stored statement). The split
     * is in CPU time, since wall time on a shared machine mostly measures the neighbours: chat text
     * and chart each rendered again alone on one thread; storage is the writer thread's CPU per
     * complex less its chat text (the charts are drawn on other threads meanwhile).
     */
    void quarterClose(int complexes, int lines, int renderSample) throws Exception {
        long started = System.nanoTime();
        data.complexes(complexes);
        data.ledgers(complexes, lines, now.minusSeconds(86_400));
        results.put("2-quarter-close", "generate_seconds", ms(System.nanoTime() - started) / 1000);
        Period period = Period.quarter(2026, 1);
        List<Statements.Publication> publications = new ArrayList<>();
        for (int i = 0; i < complexes; i++) {
            ComplexView view = sunlight.registry().complexByCode(DataSet.complexCode(i)).orElseThrow();
            publications.add(new Statements.Publication(view, LedgerKind.PUBLIC_REVENUE, period));
        }
        Statements statements = sunlight.statements();
        int threads = Runtime.getRuntime().availableProcessors();
        // CPU time as well as wall time: on a shared machine the wall time mostly measures the neighbours.
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        java.lang.management.ThreadMXBean threadsBean = java.lang.management.ManagementFactory.getThreadMXBean();
        long processCpuStart = os.getProcessCpuTime();
        long writerCpuStart = threadsBean.getCurrentThreadCpuTime();
        long closeStart = System.nanoTime();
        Statements.Close close = statements.publishAll(publications, "bench", threads);
        long closeNanos = System.nanoTime() - closeStart;
        double writerCpuPer = ms(threadsBean.getCurrentThreadCpuTime() - writerCpuStart) / complexes;
        double processCpuPer = ms(os.getProcessCpuTime() - processCpuStart) / complexes;
        if (!close.failures().isEmpty() || close.published().size() != complexes) {
            throw new IllegalStateException("the close published " + close.published().size() + " of " + complexes
                    + "; first failure: " + close.failures().get(0));
        }
        int outboxRows = count("SELECT count(*) FROM outbox WHERE idempotency_key LIKE 'statement:bench-%'");
        int charts = count("SELECT count(*) FROM statement_chart");
        long chartBytes = sunlight.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT coalesce(sum(length(png)), 0) FROM statement_chart").mapTo(Long.class).one());
        // Every page, as readers would open them, on both cores.
        String base = "http://127.0.0.1:" + sunlight.port();
        ExecutorService readers = Executors.newFixedThreadPool(threads);
        long pagesCpuStart = os.getProcessCpuTime();
        long pagesStart = System.nanoTime();
        List<Future<Integer>> pages = new ArrayList<>();
        for (int i = 0; i < complexes; i++) {
            String path = base + "/c/" + DataSet.complexCode(i) + "/statements/public-revenue/2026Q1";
            pages.add(readers.submit(() -> {
                HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(path)).build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                if (page.statusCode() != 200 || !page.body().contains("内容摘要")) {
                    throw new IllegalStateException("statement page answered " + page.statusCode() + " for " + path);
                }
                return page.body().length();
            }));
        }
        for (Future<Integer> page : pages) {
            page.get();
        }
        long pagesNanos = System.nanoTime() - pagesStart;
        double pagesCpuPer = ms(os.getProcessCpuTime() - pagesCpuStart) / complexes;
        readers.shutdown();
        // The stored charts over HTTP, for a sample (what the robot fetches to post the picture).
        int sample = Math.min(renderSample, complexes);
        long chartFetchStart = System.nanoTime();
        for (int i = 0; i < sample; i++) {
            String path = base + "/c/" + DataSet.complexCode(i) + "/statements/public-revenue/2026Q1/chart.png?v=1";
            HttpResponse<byte[]> chart = http.send(HttpRequest.newBuilder(URI.create(path)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (chart.statusCode() != 200) {
                throw new IllegalStateException("chart answered " + chart.statusCode() + " for " + path);
            }
        }
        long chartFetchNanos = System.nanoTime() - chartFetchStart;
        // The split, each part alone on one thread.
        long chatStart = threadsBean.getCurrentThreadCpuTime();
        for (int i = 0; i < sample; i++) {
            Statement statement = close.published().get(i);
            Map<String, Object> model = new LinkedHashMap<>(Statements.read(statement));
            model.put("link", statements.permalink(publications.get(i).complex(), LedgerKind.PUBLIC_REVENUE, period));
            model.put("digest", statement.digest());
            model.put("shortDigest", statement.shortDigest());
            sunlight.templates().chat("statement-published", model);
        }
        double chatPer = ms(threadsBean.getCurrentThreadCpuTime() - chatStart) / sample;
        StatementChart chart = new StatementChart();
        long chartStart = threadsBean.getCurrentThreadCpuTime();
        for (int i = 0; i < sample; i++) {
            chart.render(DataSet.complexCode(i) + " 2026年第1季度 公共收益", "金额（元）", List.of(
                    new StatementChart.Bar("期初余额", 1_000_000 + i), new StatementChart.Bar("收入", 500_000),
                    new StatementChart.Bar("支出", 300_000 + i), new StatementChart.Bar("期末余额", 1_200_000)));
        }
        double chartPer = ms(threadsBean.getCurrentThreadCpuTime() - chartStart) / sample;
        double closePer = ms(closeNanos) / complexes;
        double pagePer = ms(pagesNanos) / complexes;
        // The writer thread's CPU less the chat text it rendered: building, digesting and writing the rows.
        double storagePer = Math.max(0, writerCpuPer - chatPer);
        double totalSeconds = (ms(closeNanos) + ms(pagesNanos)) / 1000;
        results.put("2-quarter-close", "complexes", complexes);
        results.put("2-quarter-close", "ledger_lines_per_complex", lines);
        results.put("2-quarter-close", "outbox_rows", outboxRows);
        results.put("2-quarter-close", "charts_stored", charts);
        results.put("2-quarter-close", "chart_png_bytes_avg", charts == 0 ? 0 : chartBytes / charts);
        results.put("2-quarter-close", "batch", Statements.BATCH);
        results.put("2-quarter-close", "render_threads", threads);
        results.put("2-quarter-close", "close_seconds", ms(closeNanos) / 1000);
        results.put("2-quarter-close", "pages_seconds_all_complexes_http", ms(pagesNanos) / 1000);
        results.put("2-quarter-close", "per_complex_ms_close", closePer);
        results.put("2-quarter-close", "per_complex_cpu_ms_close_all_threads", processCpuPer);
        results.put("2-quarter-close", "per_complex_cpu_ms_close_writer", writerCpuPer);
        results.put("2-quarter-close", "per_complex_cpu_ms_page_server_and_client", pagesCpuPer);
        results.put("2-quarter-close", "per_complex_cpu_ms_storage", storagePer);
        results.put("2-quarter-close", "per_complex_cpu_ms_chat_text", chatPer);
        results.put("2-quarter-close", "per_complex_cpu_ms_chart_render", chartPer);
        results.put("2-quarter-close", "per_complex_ms_page_http_2_threads", pagePer);
        results.put("2-quarter-close", "per_chart_ms_stored_fetch_http", ms(chartFetchNanos) / sample);
        results.put("2-quarter-close", "split_sample", sample);
        results.put("2-quarter-close", "total_seconds", totalSeconds);
        results.row("2. Quarter close, " + complexes + " complexes", "≤ 60 s",
                f(totalSeconds) + " s measured (close " + f(ms(closeNanos) / 1000) + " s: statements, audit, "
                        + outboxRows + " outbox rows, " + charts + " charts drawn and stored; every page over HTTP "
                        + f(ms(pagesNanos) / 1000) + " s). CPU per complex: storage " + f(storagePer) + " ms, chat "
                        + "text " + f(chatPer) + " ms, chart " + f(chartPer) + " ms (on " + threads + " threads "
                        + "beside the writer), page " + f(pagesCpuPer) + " ms (server and client); close "
                        + f(processCpuPer) + " ms on all threads", totalSeconds <= 60 ? "met" : "missed");
    }

    private int count(String sql) {
        return sunlight.jdbi().withHandle(handle -> handle.createQuery(sql).mapTo(Integer.class).one());
    }

    /** Goal 3: the quarter close's messages through the real per-robot budget on a simulated clock. */
    void deliveryPlan(long callMillis) {
        long t0 = System.nanoTime();
        DeliveryPlan.Outcome outcome = DeliveryPlan.simulate(sunlight.jdbi(), now.toEpochMilli(), callMillis);
        double minutes = outcome.makespanMillis() / 60_000.0;
        results.put("3-delivery", "messages", outcome.messages());
        results.put("3-delivery", "robots", outcome.robots());
        results.put("3-delivery", "assumed_ms_per_wechat_call", callMillis);
        results.put("3-delivery", "makespan_minutes", minutes);
        results.put("3-delivery", "max_posts_by_one_robot_in_any_60s", outcome.worstWindow());
        results.put("3-delivery", "simulation_seconds", ms(System.nanoTime() - t0) / 1000);
        results.row("3. Delivery of the quarter close (" + outcome.messages() + " messages, " + outcome.robots()
                        + " robots: one per community of 25 groups, " + callMillis + " ms per call, one worker)",
                "reported; every robot ≤ 20 per 60 s", String.format(java.util.Locale.ROOT, "makespan %.1f min; "
                        + "busiest robot %d posts in a 60 s window", minutes, outcome.worstWindow()),
                outcome.worstWindow() <= 20 ? "within budget" : "OVER BUDGET");
    }

    /** One sweep's wall time and its thread's CPU time, in seconds. */
    record SweepTime(double seconds, double cpuSeconds) {
    }

    /** Goal 4: one sweep over {@code stored} questions of which {@code overdue} are past due. */
    SweepTime sweep(int complexes, int stored, int overdue, int firstNumber) throws Exception {
        long started = System.nanoTime();
        data.questions(complexes, stored, overdue, now, firstNumber);
        results.put("4-sweep", "generate_seconds_" + stored, ms(System.nanoTime() - started) / 1000);
        long total = sunlight.jdbi().withHandle(handle -> handle.createQuery("SELECT count(*) FROM question")
                .mapTo(Long.class).one());
        // CPU time of the sweep's thread too: on a shared machine it varies less than the wall clock.
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        EscalationSweep.Result result = sunlight.escalationSweep().run(now);
        double seconds = ms(System.nanoTime() - t0) / 1000;
        double cpuSeconds = ms(threads.getCurrentThreadCpuTime() - cpu0) / 1000;
        results.put("4-sweep", "sweep_cpu_seconds_" + stored, cpuSeconds);
        results.put("4-sweep", "stored_" + stored, total);
        results.put("4-sweep", "escalated_" + stored, result.escalated());
        results.put("4-sweep", "sweep_seconds_" + stored, seconds);
        if (result.escalated() != overdue) {
            throw new IllegalStateException("the sweep escalated " + result.escalated() + " of " + overdue);
        }
        return new SweepTime(seconds, cpuSeconds);
    }

    /** Goal 5: the overdue queue and the league table (first and later pages) for the town officer over HTTP. */
    void dashboard(int rounds) throws Exception {
        sunlight.accounts().seedDemoPasswords();
        String base = "http://127.0.0.1:" + sunlight.port();
        String form = http.send(HttpRequest.newBuilder(URI.create(base + "/login")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        java.util.regex.Matcher csrf = java.util.regex.Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"")
                .matcher(form);
        if (!csrf.find()) {
            throw new IllegalStateException("no form token on /login");
        }
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("csrf=" + csrf.group(1)
                        + "&person=huang-zhen&password=sunlight-demo")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (login.statusCode() != 303) {
            throw new IllegalStateException("login answered " + login.statusCode());
        }
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("overdue_queue", "/dashboard?overdue=1");
        pages.put("league", "/dashboard/league");
        // Pages beyond the first (page numbers past the end show the last page), and the unfiltered queue.
        pages.put("overdue_queue_last_page", "/dashboard?overdue=1&page=100000");
        pages.put("league_page_2", "/dashboard/league?page=2");
        pages.put("open_queue", "/dashboard");
        for (Map.Entry<String, String> page : pages.entrySet()) {
            List<Double> times = new ArrayList<>();
            int bytes = 0;
            for (int round = 0; round < rounds; round++) {
                long t0 = System.nanoTime();
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + page.getValue()))
                        .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                times.add(ms(System.nanoTime() - t0));
                if (response.statusCode() != 200) {
                    throw new IllegalStateException(page.getValue() + " answered " + response.statusCode());
                }
                bytes = response.body().length();
            }
            times.sort(Double::compare);
            double median = times.get(times.size() / 2);
            double worst = times.get(times.size() - 1);
            results.put("5-dashboard", page.getKey() + "_ms_median", median);
            results.put("5-dashboard", page.getKey() + "_ms_max", worst);
            results.put("5-dashboard", page.getKey() + "_chars", bytes);
            results.row("5. Dashboard " + page.getValue(), "< 200 ms per page",
                    "median " + f(median) + " ms, max " + f(worst) + " ms (" + rounds + " loads, first included; "
                            + bytes + " chars)", worst < 200 ? "met" : median < 200 ? "met (median)" : "missed");
        }
    }
}
