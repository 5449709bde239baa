package org.sunlight.bench;

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

import org.sunlight.app.Sunlight;
import org.sunlight.disclosure.Statement;
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

    /** Goal 2: publish every complex's filed quarter, then render its page and chart as a reader would. */
    void quarterClose(int complexes, int lines, int renderSample) throws Exception {
        long started = System.nanoTime();
        data.complexes(complexes);
        data.ledgers(complexes, lines, now.minusSeconds(86_400));
        results.put("2-quarter-close", "generate_seconds", ms(System.nanoTime() - started) / 1000);
        Period period = Period.quarter(2026, 1);
        List<ComplexView> views = new ArrayList<>();
        for (int i = 0; i < complexes; i++) {
            views.add(sunlight.registry().complexByCode(DataSet.complexCode(i)).orElseThrow());
        }
        Statements statements = sunlight.statements();
        long publishStart = System.nanoTime();
        List<Statement> published = new ArrayList<>();
        for (ComplexView view : views) {
            published.add(statements.publish(view, LedgerKind.PUBLIC_REVENUE, period, "bench"));
        }
        long publishNanos = System.nanoTime() - publishStart;
        // Chat text alone (the part of publish that is rendering), on the same statements.
        long chatStart = System.nanoTime();
        for (int i = 0; i < published.size(); i++) {
            Statement statement = published.get(i);
            Map<String, Object> model = new LinkedHashMap<>(Statements.read(statement));
            model.put("link", statements.permalink(views.get(i), LedgerKind.PUBLIC_REVENUE, period));
            model.put("digest", statement.digest());
            model.put("shortDigest", statement.shortDigest());
            sunlight.templates().chat("statement-published", model);
        }
        long chatNanos = System.nanoTime() - chatStart;
        int outboxRows = sunlight.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT count(*) FROM outbox WHERE idempotency_key LIKE 'statement:bench-%'").mapTo(Integer.class).one());
        // Page and chart through the real web server (what the chart link in the group fetches).
        int sample = Math.min(renderSample, complexes);
        long pageNanos = 0;
        long chartNanos = 0;
        long chartBytes = 0;
        String base = "http://127.0.0.1:" + sunlight.port();
        for (int i = 0; i < sample; i++) {
            String path = base + "/c/" + DataSet.complexCode(i) + "/statements/public-revenue/2026Q1";
            long t0 = System.nanoTime();
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(path)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            long t1 = System.nanoTime();
            HttpResponse<byte[]> chart = http.send(HttpRequest.newBuilder(URI.create(path + "/chart.png?v=1")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            long t2 = System.nanoTime();
            if (page.statusCode() != 200 || chart.statusCode() != 200) {
                throw new IllegalStateException("statement page/chart answered " + page.statusCode() + "/"
                        + chart.statusCode() + " for " + path);
            }
            pageNanos += t1 - t0;
            chartNanos += t2 - t1;
            chartBytes += chart.body().length;
        }
        double publishPer = ms(publishNanos) / complexes;
        double chatPer = ms(chatNanos) / complexes;
        double pagePer = ms(pageNanos) / sample;
        double chartPer = ms(chartNanos) / sample;
        double storagePer = Math.max(0, publishPer - chatPer);
        double totalPer = publishPer + pagePer + chartPer;
        double totalSeconds = totalPer * complexes / 1000;
        results.put("2-quarter-close", "complexes", complexes);
        results.put("2-quarter-close", "ledger_lines_per_complex", lines);
        results.put("2-quarter-close", "outbox_rows", outboxRows);
        results.put("2-quarter-close", "publish_seconds", ms(publishNanos) / 1000);
        results.put("2-quarter-close", "per_complex_ms_publish", publishPer);
        results.put("2-quarter-close", "per_complex_ms_chat_text", chatPer);
        results.put("2-quarter-close", "per_complex_ms_storage", storagePer);
        results.put("2-quarter-close", "per_complex_ms_page_http", pagePer);
        results.put("2-quarter-close", "per_complex_ms_chart_http", chartPer);
        results.put("2-quarter-close", "chart_png_bytes_avg", sample == 0 ? 0 : chartBytes / sample);
        results.put("2-quarter-close", "render_sample", sample);
        results.put("2-quarter-close", "total_seconds_projected", totalSeconds);
        results.row("2. Quarter close, " + complexes + " complexes", "≤ 60 s",
                f(totalSeconds) + " s (publish+outbox " + f(ms(publishNanos) / 1000) + " s measured; per complex: "
                        + "storage " + f(storagePer) + " ms, chat text " + f(chatPer) + " ms, page " + f(pagePer)
                        + " ms, chart " + f(chartPer) + " ms" + (sample < complexes ? ", page/chart over "
                        + sample + " complexes" : "") + "); " + outboxRows + " outbox rows",
                totalSeconds <= 60 ? "met" : "missed");
    }

    /** The complexes alone, for runs that skip the quarter close. */
    void complexesOnly(int complexes) throws Exception {
        long started = System.nanoTime();
        data.complexes(complexes);
        results.put("data", "complexes_generate_seconds", ms(System.nanoTime() - started) / 1000);
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

    /** Goal 4: one sweep over {@code stored} questions of which {@code overdue} are past due. */
    double sweep(int complexes, int stored, int overdue, int firstNumber) throws Exception {
        long started = System.nanoTime();
        data.questions(complexes, stored, overdue, now, firstNumber);
        results.put("4-sweep", "generate_seconds_" + stored, ms(System.nanoTime() - started) / 1000);
        long total = sunlight.jdbi().withHandle(handle -> handle.createQuery("SELECT count(*) FROM question")
                .mapTo(Long.class).one());
        long t0 = System.nanoTime();
        EscalationSweep.Result result = sunlight.escalationSweep().run(now);
        double seconds = ms(System.nanoTime() - t0) / 1000;
        results.put("4-sweep", "stored_" + stored, total);
        results.put("4-sweep", "escalated_" + stored, result.escalated());
        results.put("4-sweep", "sweep_seconds_" + stored, seconds);
        if (result.escalated() != overdue) {
            throw new IllegalStateException("the sweep escalated " + result.escalated() + " of " + overdue);
        }
        return seconds;
    }

    /** Goal 5: the overdue queue and the league table for the town officer over HTTP. */
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
