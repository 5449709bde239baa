package org.sunlight.disclosure;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jdbi.v3.core.Jdbi;
import org.sunlight.calendar.WorkingCalendar;
import org.sunlight.channel.OutboundMessage;
import org.sunlight.channel.Outbox;
import org.sunlight.escalation.Escalations;
import org.sunlight.escalation.Tier;
import org.sunlight.ledger.LedgerKind;
import org.sunlight.ledger.Period;
import org.sunlight.registry.ChannelBinding;
import org.sunlight.registry.ComplexView;
import org.sunlight.registry.Registry;
import org.sunlight.registry.ScopeType;
import org.sunlight.registry.SettingKey;
import org.sunlight.schedule.ScheduledTask;
import org.sunlight.templates.Formats;
import org.sunlight.templates.Templates;

/**
 * The duty calendar's scheduled work. For every complex it keeps a duty row per period of public
 * revenue and shared utility (from the first period it saw, the one before the clock's, up to the
 * clock's; a period already past due at that first sight is listed but not enforced), and for
 * each enforced duty not yet published: a reminder to the committee group 7 and 2 days
 * before the due date, and on the day after it a "未按时公示" notice in the owners' group plus a
 * community escalation. State-based and idempotent (outbox keys {@code reminder:<duty>:<7|2>},
 * {@code overdue:<duty>}; escalation unique on kind and subject), so a run at start after downtime
 * does everything missed exactly once. Thread-safe.
 */
public final class DisclosureDuties {

    public static final String TASK_KEY = "disclosure-duties";
    /** Hourly; the start-up run catches up anything missed while down. */
    public static final String CRON = "0 5 * * * ?";
    private static final List<LedgerKind> CALENDAR_KINDS = List.of(LedgerKind.PUBLIC_REVENUE, LedgerKind.UTILITY);

    private final Jdbi jdbi;
    private final Registry registry;
    private final DueDates dueDates;
    private final Statements statements;
    private final Outbox outbox;
    private final Escalations escalations;
    private final Templates templates;
    private final Clock clock;
    private final String baseUrl;

    public DisclosureDuties(Jdbi jdbi, Registry registry, DueDates dueDates, Statements statements, Outbox outbox,
                            Escalations escalations, Templates templates, Clock clock, String baseUrl) {
        this.jdbi = jdbi;
        this.registry = registry;
        this.dueDates = dueDates;
        this.statements = statements;
        this.outbox = outbox;
        this.escalations = escalations;
        this.templates = templates;
        this.clock = clock;
        this.baseUrl = baseUrl;
    }

    public ScheduledTask task() {
        return new ScheduledTask(TASK_KEY, CRON, this::run);
    }

    /** A duty: what must be published, by when. */
    public record Duty(long id, long complexId, String kind, String period, String dueDate, boolean enforced) {
    }

    /** Does whatever is due at {@code now} and not yet done. */
    public void run(Instant now) {
        LocalDate today = LocalDate.ofInstant(now, WorkingCalendar.ZONE);
        for (ComplexView complex : registry.complexes()) {
            for (LedgerKind kind : CALENDAR_KINDS) {
                ensureDuties(complex, kind, today);
            }
            for (Duty duty : duties(complex.complex().id())) {
                act(complex, duty, today);
            }
        }
    }

    private void ensureDuties(ComplexView complex, LedgerKind kind, LocalDate today) {
        // today is the clock's date in Asia/Shanghai
        Period current = Period.containing(kind, today);
        String earliest = jdbi.withHandle(handle -> handle.createQuery("SELECT min(period) FROM disclosure_duty "
                        + "WHERE complex_id = :complex AND kind = :kind").bind("complex", complex.complex().id())
                .bind("kind", kind.code()).mapTo(String.class).findOne().orElse(null));
        boolean seeding = earliest == null;
        Period period = seeding ? current.previous() : Period.parse(kind, earliest).orElse(current.previous());
        int utilityDay = registry.intSetting(complex, SettingKey.UTILITY_DUE_WORKING_DAY);
        while (!period.first().isAfter(current.first())) {
            LocalDate due = dueDates.due(kind, period, utilityDay);
            // A period already past due when Sunlight first watches the complex predates it: not flagged.
            // Periods added later (e.g. after downtime) are always enforced, so nothing missed is forgiven.
            boolean enforced = !seeding || !due.isBefore(today);
            Period insert = period;
            jdbi.useTransaction(handle -> handle.createUpdate("INSERT INTO disclosure_duty (complex_id, kind, period, "
                            + "due_date, enforced, created_at) VALUES (:complex, :kind, :period, :due, :enforced, :now) "
                            + "ON CONFLICT (complex_id, kind, period) DO NOTHING")
                    .bind("complex", complex.complex().id()).bind("kind", kind.code())
                    .bind("period", insert.code()).bind("due", due.toString()).bind("enforced", enforced ? 1 : 0)
                    .bind("now", clock.millis()).execute());
            period = period.next();
        }
    }

    public List<Duty> duties(long complexId) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT id, complex_id, kind, period, due_date, enforced "
                        + "FROM disclosure_duty WHERE complex_id = :complex ORDER BY due_date, kind")
                .bind("complex", complexId)
                .map((rs, ctx) -> new Duty(rs.getLong("id"), rs.getLong("complex_id"), rs.getString("kind"),
                        rs.getString("period"), rs.getString("due_date"), rs.getInt("enforced") == 1)).list());
    }

    private void act(ComplexView complex, Duty duty, LocalDate today) {
        LedgerKind kind = LedgerKind.fromCode(duty.kind()).orElseThrow();
        Period period = Period.parse(kind, duty.period()).orElseThrow();
        if (!duty.enforced() || statements.published(complex.complex().id(), kind, period)) {
            return;
        }
        LocalDate due = LocalDate.parse(duty.dueDate());
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("complexName", complex.complex().name());
        model.put("kindLabel", kind.label());
        model.put("periodLabel", period.label());
        model.put("due", Formats.date(due));
        model.put("link", baseUrl + "/c/" + complex.complex().code());
        if (today.isAfter(due)) {
            jdbi.useTransaction(handle -> {
                String text = templates.chat("disclosure-overdue", model);
                send(complex, ChannelBinding.OWNERS, "overdue:" + duty.id(), text);
                escalations.open(new Escalations.Opening(complex.complex().id(), "missed-disclosure",
                        "duty:" + complex.complex().code() + ":" + kind.code() + ":" + period.code(), Tier.COMMUNITY,
                        period.label() + kind.label() + "未按时公示",
                        "应于 " + Formats.date(due) + " 前公示，截至 " + Formats.date(today) + " 仍未公示。", "system"));
            });
            return;
        }
        long daysLeft = due.toEpochDay() - today.toEpochDay();
        int reminder = daysLeft <= 2 ? 2 : daysLeft <= 7 ? 7 : 0;
        if (reminder > 0) {
            model.put("daysLeft", daysLeft);
            send(complex, "committee", "reminder:" + duty.id() + ":" + reminder,
                    templates.chat("disclosure-reminder", model));
        }
    }

    private void send(ComplexView complex, String purpose, String key, String text) {
        for (ChannelBinding binding : registry.bindingsOf(ScopeType.COMPLEX, complex.complex().id())) {
            if (binding.purpose().equals(purpose)) {
                List<String> parts = TextLimits.split(text, TextLimits.bytesFor(binding.channel()));
                for (int i = 0; i < parts.size(); i++) {
                    outbox.enqueue(new OutboundMessage(key + ":" + binding.channel() + (i == 0 ? "" : ":" + i),
                            binding.channel(), binding.target(), OutboundMessage.Format.TEXT, parts.get(i)));
                }
            }
        }
    }
}
