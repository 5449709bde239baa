package org.sunlight.disclosure;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sunlight.audit.AuditLog;
import org.sunlight.audit.Canonical;
import org.sunlight.calendar.WorkingCalendar;
import org.sunlight.channel.OutboundMessage;
import org.sunlight.channel.Outbox;
import org.sunlight.ledger.FiledPeriod;
import org.sunlight.ledger.FilingListener;
import org.sunlight.ledger.LedgerKind;
import org.sunlight.ledger.LedgerStore;
import org.sunlight.ledger.Period;
import org.sunlight.ledger.StoredEntry;
import org.sunlight.money.Amounts;
import org.sunlight.registry.ChannelBinding;
import org.sunlight.registry.ComplexView;
import org.sunlight.registry.Registry;
import org.sunlight.registry.ScopeType;
import org.sunlight.registry.SettingKey;
import org.sunlight.storage.Locks;
import org.sunlight.templates.Templates;

/**
 * Statements out: builds a statement from the recorded entries, stores it as a new version with
 * its digest and its chart, appends the publication to the audit log and queues the chat text
 * (split to the channel's limit) and the chart for the owners' group — all in the caller's
 * transaction; {@link #publishAll} does the same for a whole close in batches. Thread-safe.
 */
public final class Statements implements FilingListener {

    /**
     * Publications per transaction in {@link #publishAll}: one fsync per few hundred complexes,
     * while holding the single writer's lock for well under a second.
     */
    public static final int BATCH = 200;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(Statements.class);

    private final Jdbi jdbi;
    private final Registry registry;
    private final LedgerStore store;
    private final WorkingCalendar calendar;
    private final Outbox outbox;
    private final AuditLog auditLog;
    private final Templates templates;
    private final Clock clock;
    private final String baseUrl;
    private final StatementChart chart;

    public Statements(Jdbi jdbi, Registry registry, LedgerStore store, WorkingCalendar calendar, Outbox outbox,
                      AuditLog auditLog, Templates templates, StatementChart chart, Clock clock, String baseUrl) {
        this.jdbi = jdbi;
        this.registry = registry;
        this.store = store;
        this.calendar = calendar;
        this.outbox = outbox;
        this.auditLog = auditLog;
        this.templates = templates;
        this.clock = clock;
        this.baseUrl = baseUrl;
        this.chart = chart;
        jdbi.registerRowMapper(ConstructorMapper.factory(Statement.class));
    }

    @Override
    public void changed(ComplexView complex, LedgerKind kind, Period period, String actor) {
        publish(complex, kind, period, actor);
    }

    /** Publishes the current state of a filed period as a new statement version, with its chart. */
    public Statement publish(ComplexView complex, LedgerKind kind, Period period, String actor) {
        return jdbi.inTransaction(handle -> {
            Published published = publishIn(handle, new Publication(complex, kind, period), actor);
            storeChart(handle, published.statement().id(), renderChart(published.content()));
            return published.statement();
        });
    }

    /**
     * Publishes many filed periods, e.g. every complex's quarter at a close: in transactions of
     * {@link #BATCH} publications (one commit, so one fsync, per batch instead of per complex),
     * each publication exactly as {@link #publish} does it (statement row, digest, audit entry in
     * order, chat text and outbox rows under their idempotency keys). The charts are drawn on
     * {@code renderThreads} threads while the caller's thread writes the next batches, and stored in
     * a later transaction (the writer never waits for a chart while it holds the write lock; a
     * chart not stored is drawn on request). A batch that fails is
     * rolled back and its publications retried one transaction each, so one bad complex fails
     * alone. Publications are written in the order given.
     */
    public Close publishAll(List<Publication> publications, String actor, int renderThreads) {
        List<Statement> published = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        ExecutorService renderers = Executors.newFixedThreadPool(Math.max(1, renderThreads), runnable -> {
            Thread thread = new Thread(runnable, "statement-charts");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<Chart>> drawing = new ArrayList<>();
            for (int from = 0; from < publications.size(); from += BATCH) {
                List<Publication> batch = publications.subList(from, Math.min(publications.size(), from + BATCH));
                // Never wait for a chart while holding the writer's lock; wait here only if they fall far behind.
                while (drawing.size() > 2 * BATCH) {
                    await(drawing.get(0));
                    drawing = storeDrawn(drawing);
                }
                List<Future<Chart>> done = new ArrayList<>();
                drawing = split(drawing, done);
                List<Published> written = new ArrayList<>();
                try {
                    jdbi.useTransaction(handle -> {
                        storeCharts(handle, done);
                        for (Publication publication : batch) {
                            written.add(publishIn(handle, publication, actor));
                        }
                    });
                } catch (RuntimeException batchFailed) {
                    LOG.warn("a batch of {} publications failed; publishing them one by one", batch.size(),
                            batchFailed);
                    written.clear();
                    jdbi.useTransaction(handle -> storeCharts(handle, done));
                    for (Publication publication : batch) {
                        try {
                            written.add(jdbi.inTransaction(handle -> publishIn(handle, publication, actor)));
                        } catch (RuntimeException e) {
                            failures.add(new Failure(publication, e.toString()));
                        }
                    }
                }
                for (Published one : written) {
                    published.add(one.statement());
                    drawing.add(renderers.submit(() -> new Chart(one.statement().id(), renderChart(one.content()))));
                }
            }
            for (Future<Chart> future : drawing) {
                await(future);
            }
            List<Future<Chart>> last = drawing;
            jdbi.useTransaction(handle -> storeCharts(handle, last));
        } finally {
            renderers.shutdownNow();
        }
        return new Close(List.copyOf(published), List.copyOf(failures));
    }

    /** One filed period to publish. */
    public record Publication(ComplexView complex, LedgerKind kind, Period period) {
    }

    /** A publication that could not be published, and why. */
    public record Failure(Publication publication, String reason) {
    }

    /** What {@link #publishAll} did: the statements published, in order, and the publications that failed. */
    public record Close(List<Statement> published, List<Failure> failures) {
    }

    private record Published(Statement statement, Map<String, Object> content) {
    }

    private record Chart(long statementId, byte[] png) {
    }

    private Published publishIn(Handle handle, Publication publication, String actor) {
        ComplexView complex = publication.complex();
        LedgerKind kind = publication.kind();
        Period period = publication.period();
        long complexId = complex.complex().id();
        // Two nodes must not publish the same version.
        Locks.lockForTransaction(handle, "statement:" + complexId + ":" + kind.code() + ":" + period.code());
        FiledPeriod filed = store.period(complexId, kind, period).orElseThrow(() ->
                new IllegalStateException("nothing filed for " + kind.code() + " " + period.code()));
        Optional<Statement> previous = latest(complexId, kind, period);
        int version = previous.map(statement -> statement.version() + 1).orElse(1);
        Map<String, Object> content = content(complex, kind, period, filed, store.entries(filed.id()));
        content.put("version", version);
        content.put("replacesDigest", previous.map(Statement::digest).orElse(null));
        content.put("publishedAt", clock.millis());
        String json = Canonical.json(content);
        String digest = AuditLog.sha256Hex(json);
        long now = clock.millis();
        long id = handle.createUpdate("INSERT INTO statement (complex_id, kind, period, version, digest, content, "
                        + "published_at) VALUES (:complex, :kind, :period, :version, :digest, :content, :now)")
                .bind("complex", complexId).bind("kind", kind.code()).bind("period", period.code())
                .bind("version", version).bind("digest", digest).bind("content", json).bind("now", now)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
        Statement statement = new Statement(id, complexId, kind.code(), period.code(), version, digest, json, now);
        Map<String, Object> audit = new LinkedHashMap<>();
        audit.put("statement", id);
        audit.put("version", version);
        audit.put("digest", digest);
        audit.put("replacesDigest", previous.map(Statement::digest).orElse(null));
        auditLog.append(actor, "statement.publish", subject(complex, kind, period), Canonical.json(audit));
        announce(complex, kind, period, statement, content);
        return new Published(statement, content);
    }

    /** The stored chart of a statement version, drawn (and kept) now if it has none yet. */
    public byte[] chart(Statement statement) {
        Optional<byte[]> stored = jdbi.withHandle(handle -> handle.createQuery("SELECT png FROM statement_chart "
                + "WHERE statement_id = :id").bind("id", statement.id()).mapTo(byte[].class).findOne());
        if (stored.isPresent()) {
            return stored.get();
        }
        byte[] png = renderChart(read(statement));
        jdbi.useTransaction(handle -> storeChart(handle, statement.id(), png));
        return png;
    }

    @SuppressWarnings("unchecked")
    private byte[] renderChart(Map<String, Object> content) {
        List<StatementChart.Bar> bars = new ArrayList<>();
        for (Map<String, Object> bar : (List<Map<String, Object>>) content.get("chart")) {
            bars.add(new StatementChart.Bar((String) bar.get("label"), ((Number) bar.get("fen")).longValue()));
        }
        String title = content.get("complexName") + " " + content.get("periodLabel") + " " + content.get("kindLabel");
        return chart.render(title, "金额（元）", bars);
    }

    private void storeChart(Handle handle, long statementId, byte[] png) {
        handle.createUpdate("INSERT INTO statement_chart (statement_id, png, created_at) VALUES (:id, :png, :now) "
                        + "ON CONFLICT (statement_id) DO NOTHING")
                .bind("id", statementId).bind("png", png).bind("now", clock.millis()).execute();
    }

    /** Stores the finished charts in their own transaction and returns the unfinished ones. */
    private List<Future<Chart>> storeDrawn(List<Future<Chart>> drawing) {
        List<Future<Chart>> done = new ArrayList<>();
        List<Future<Chart>> pending = split(drawing, done);
        jdbi.useTransaction(handle -> storeCharts(handle, done));
        return pending;
    }

    /** Moves the finished charts to {@code done} and returns the others (one look at each). */
    private static List<Future<Chart>> split(List<Future<Chart>> drawing, List<Future<Chart>> done) {
        List<Future<Chart>> pending = new ArrayList<>();
        for (Future<Chart> future : drawing) {
            (future.isDone() ? done : pending).add(future);
        }
        return pending;
    }

    private static void await(Future<Chart> future) {
        try {
            future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while drawing the close's charts", e);
        } catch (ExecutionException e) {
            // Reported when it is stored; the chart is drawn on request instead.
        }
    }

    /** Stores the charts drawn so far; a chart that could not be drawn is left to be drawn on request. */
    private void storeCharts(Handle handle, List<Future<Chart>> charts) {
        for (Future<Chart> future : charts) {
            Chart drawn;
            try {
                drawn = future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                LOG.warn("a statement chart could not be drawn at publication; it will be drawn on request",
                        e.getCause());
                continue;
            }
            storeChart(handle, drawn.statementId(), drawn.png());
        }
    }

    private void announce(ComplexView complex, LedgerKind kind, Period period, Statement statement,
                          Map<String, Object> content) {
        String permalink = permalink(complex, kind, period);
        Map<String, Object> model = new LinkedHashMap<>(content);
        model.put("link", permalink);
        model.put("digest", statement.digest());
        model.put("shortDigest", statement.shortDigest());
        String text = templates.chat("statement-published", model);
        String keyBase = "statement:" + complex.complex().code() + ":" + kind.code() + ":" + period.code() + ":v"
                + statement.version();
        for (ChannelBinding binding : registry.bindingsOf(ScopeType.COMPLEX, complex.complex().id())) {
            if (!binding.purpose().equals(ChannelBinding.OWNERS)) {
                continue;
            }
            List<String> parts = TextLimits.split(text, TextLimits.bytesFor(binding.channel()));
            for (int i = 0; i < parts.size(); i++) {
                outbox.enqueue(new OutboundMessage(keyBase + ":" + binding.channel() + ":" + i, binding.channel(),
                        binding.target(), OutboundMessage.Format.TEXT, parts.get(i)));
            }
            outbox.enqueue(new OutboundMessage(keyBase + ":" + binding.channel() + ":chart", binding.channel(),
                    binding.target(), OutboundMessage.Format.IMAGE, permalink + "/chart.png?v=" + statement.version()));
        }
    }

    /** The statement's content, built from what is recorded; deterministic for the same entries. */
    Map<String, Object> content(ComplexView complex, LedgerKind kind, Period period, FiledPeriod filed,
                                List<StoredEntry> entries) {
        Set<Long> reversed = new HashSet<>();
        entries.stream().filter(StoredEntry::correction).forEach(entry -> reversed.add(entry.reversesId()));
        long threshold = registry.moneySetting(complex, SettingKey.LARGE_ITEM_THRESHOLD);
        // Each setting is a registry lookup; a close reads them for every complex, so only what the kind uses.
        int withdrawalDays = kind == LedgerKind.FUND
                ? registry.intSetting(complex, SettingKey.WITHDRAWAL_DUE_WORKING_DAYS) : 0;
        LocalDate publishedOn = LocalDate.ofInstant(clock.instant(), WorkingCalendar.ZONE);
        List<Map<String, Object>> lines = new ArrayList<>();
        List<Map<String, Object>> corrections = new ArrayList<>();
        List<String> flags = new ArrayList<>();
        long income = 0;
        long spending = 0;
        for (StoredEntry entry : entries) {
            boolean incoming = "income".equals(entry.direction());
            long signed = entry.correction() ? -entry.amountFen() : entry.amountFen();
            if (incoming) {
                income += signed;
            } else {
                spending += signed;
            }
            if (entry.correction()) {
                Map<String, Object> correction = new LinkedHashMap<>();
                correction.put("no", entry.id());
                correction.put("reverses", entry.reversesId());
                correction.put("category", entry.category());
                correction.put("amountFen", entry.amountFen());
                correction.put("reason", entry.reason());
                correction.put("on", LocalDate.ofInstant(Instant.ofEpochMilli(entry.createdAt()),
                        WorkingCalendar.ZONE).toString());
                corrections.add(correction);
                continue;
            }
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("no", entry.id());
            line.put("type", incoming ? "收入" : "支出");
            line.put("direction", entry.direction());
            line.put("category", entry.category());
            line.put("date", entry.entryDate() == null ? "" : entry.entryDate());
            line.put("amountFen", entry.amountFen());
            line.put("description", entry.description());
            line.put("voucher", entry.voucher());
            line.put("reported", entry.reported() == 1);
            line.put("meter", entry.meter());
            line.put("previousReading", entry.previousReading());
            line.put("currentReading", entry.currentReading());
            line.put("usage", entry.usage());
            line.put("works", entry.works());
            line.put("contractor", entry.contractor());
            line.put("approval", entry.approval());
            line.put("balanceAfterFen", entry.balanceAfterFen());
            line.put("corrected", reversed.contains(entry.id()));
            boolean large = kind != LedgerKind.UTILITY && !incoming && entry.amountFen() >= threshold
                    && entry.reported() == 0;
            line.put("largeUnreported", large);
            if (large && !reversed.contains(entry.id())) {
                flags.add("第" + entry.id() + "条 " + entry.category() + " 属大额支出，未事先向社区报告");
            }
            if (kind == LedgerKind.FUND && entry.entryDate() != null) {
                LocalDate due = calendar.addWorkingDays(LocalDate.parse(entry.entryDate()), withdrawalDays);
                line.put("dueDate", due.toString());
                line.put("late", publishedOn.isAfter(due));
            }
            lines.add(line);
        }
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("complex", complex.complex().code());
        content.put("complexName", complex.complex().name());
        content.put("kind", kind.code());
        content.put("kindLabel", kind.label());
        content.put("period", period.code());
        content.put("periodLabel", period.label());
        content.put("lines", lines);
        content.put("corrections", corrections);
        content.put("flags", flags);
        List<Map<String, Object>> chart = new ArrayList<>();
        switch (kind) {
            case PUBLIC_REVENUE -> {
                long opening = filed.openingBalanceFen() == null ? 0 : filed.openingBalanceFen();
                content.put("openingFen", opening);
                content.put("incomeFen", income);
                content.put("spendingFen", spending);
                content.put("closingFen", opening + income - spending);
                chart.add(bar("期初余额", opening));
                chart.add(bar("收入", income));
                chart.add(bar("支出", spending));
                chart.add(bar("期末余额", opening + income - spending));
            }
            case UTILITY -> {
                content.put("totalFen", spending);
                content.put("allocation", filed.allocation());
                content.put("households", filed.households());
                content.put("areaM2", null);
                content.put("sharePerM2Fen", null);
                content.put("sharePerHouseholdFen", null);
                if ("按面积".equals(filed.allocation()) && filed.areaCentiM2() != null && filed.areaCentiM2() > 0) {
                    content.put("areaM2", Amounts.toPlainYuan(filed.areaCentiM2()));
                    content.put("sharePerM2Fen", divideRounded(spending * 100, filed.areaCentiM2()));
                } else if (filed.households() != null && filed.households() > 0) {
                    content.put("sharePerHouseholdFen", divideRounded(spending, filed.households()));
                }
                for (String item : List.of("电", "水")) {
                    chart.add(bar(item, entries.stream().filter(entry -> entry.category().equals(item))
                            .mapToLong(entry -> entry.correction() ? -entry.amountFen() : entry.amountFen()).sum()));
                }
            }
            case FUND -> {
                long opening = filed.openingBalanceFen() == null ? 0 : filed.openingBalanceFen();
                long closing = opening - spending;
                content.put("openingFen", opening);
                content.put("withdrawnFen", spending);
                content.put("closingFen", closing);
                int percent = registry.intSetting(complex, SettingKey.FUND_TOP_UP_PERCENT);
                long line = complex.complex().fundFirstDepositFen() * percent / 100;
                content.put("firstDepositFen", complex.complex().fundFirstDepositFen());
                content.put("topUpPercent", percent);
                content.put("belowTopUpLine", closing < line);
                chart.add(bar("支取前余额", opening));
                chart.add(bar("本月支取", spending));
                chart.add(bar("支取后余额", closing));
            }
            default -> throw new IllegalStateException();
        }
        content.put("chart", chart);
        return content;
    }

    private static long divideRounded(long numerator, long denominator) {
        return (numerator * 2 + denominator) / (denominator * 2);
    }

    private static Map<String, Object> bar(String label, long fen) {
        Map<String, Object> bar = new LinkedHashMap<>();
        bar.put("label", label);
        bar.put("fen", fen);
        return bar;
    }

    public Optional<Statement> latest(long complexId, LedgerKind kind, Period period) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM statement WHERE complex_id = :complex AND "
                        + "kind = :kind AND period = :period ORDER BY version DESC LIMIT 1").bind("complex", complexId)
                .bind("kind", kind.code()).bind("period", period.code()).mapTo(Statement.class).findOne());
    }

    public List<Statement> versions(long complexId, LedgerKind kind, Period period) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM statement WHERE complex_id = :complex AND "
                        + "kind = :kind AND period = :period ORDER BY version").bind("complex", complexId)
                .bind("kind", kind.code()).bind("period", period.code()).mapTo(Statement.class).list());
    }

    /** The newest version of every statement of a complex, newest period first. */
    public List<Statement> latestOf(long complexId) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM statement s WHERE complex_id = :complex "
                        + "AND version = (SELECT max(version) FROM statement o WHERE o.complex_id = s.complex_id "
                        + "AND o.kind = s.kind AND o.period = s.period) ORDER BY period DESC, kind")
                .bind("complex", complexId).mapTo(Statement.class).list());
    }

    public boolean published(long complexId, LedgerKind kind, Period period) {
        return latest(complexId, kind, period).isPresent();
    }

    /** A statement's content as a map, for pages and the chart. */
    public static Map<String, Object> read(Statement statement) {
        try {
            return JSON.readValue(statement.content(), new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            throw new IllegalStateException("stored statement " + statement.id() + " is not JSON", e);
        }
    }

    public String permalink(ComplexView complex, LedgerKind kind, Period period) {
        return baseUrl + "/c/" + complex.complex().code() + "/statements/" + kind.code() + "/" + period.code();
    }

    /** The list of a complex's statements. */
    public String complexLink(ComplexView complex) {
        return baseUrl + "/c/" + complex.complex().code() + "/statements";
    }

    /** The audit subject of a statement, e.g. {@code statement:jinxiu:public-revenue:2026Q1}. */
    public static String subject(ComplexView complex, LedgerKind kind, Period period) {
        return "statement:" + complex.complex().code() + ":" + kind.code() + ":" + period.code();
    }
}
