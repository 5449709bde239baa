package org.sunlight.escalation;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.jdbi.v3.core.Jdbi;
import org.sunlight.audit.AuditLog;
import org.sunlight.audit.Canonical;
import org.sunlight.calendar.WorkingCalendar;
import org.sunlight.channel.Outbox;
import org.sunlight.channel.OutboundMessage;
import org.sunlight.registry.ChannelBinding;
import org.sunlight.registry.ComplexView;
import org.sunlight.registry.Registry;
import org.sunlight.registry.ScopeType;
import org.sunlight.templates.Formats;
import org.sunlight.templates.Templates;

/**
 * Opens items on the escalation ladder and tells the tier that received them, in the same
 * transaction. Opening is idempotent on (kind, subject). Thread-safe.
 */
public final class Escalations {

    private final Jdbi jdbi;
    private final Registry registry;
    private final WorkingCalendar calendar;
    private final Outbox outbox;
    private final AuditLog auditLog;
    private final Templates templates;
    private final Clock clock;
    private final String baseUrl;

    public Escalations(Jdbi jdbi, Registry registry, WorkingCalendar calendar, Outbox outbox, AuditLog auditLog,
                       Templates templates, Clock clock, String baseUrl) {
        this.jdbi = jdbi;
        this.registry = registry;
        this.calendar = calendar;
        this.outbox = outbox;
        this.auditLog = auditLog;
        this.templates = templates;
        this.clock = clock;
        this.baseUrl = baseUrl;
    }

    /** What to open: about what, where, at which tier, and the evidence to show. */
    public record Opening(long complexId, String kind, String subjectRef, Tier tier, String title, String detail,
                          String actor) {
    }

    /** The item's id and whether this call opened it (false: it was already open). */
    public record Opened(long id, boolean created) {
    }

    public Opened open(Opening opening) {
        return jdbi.inTransaction(handle -> {
            Optional<Long> existing = handle.createQuery("SELECT id FROM escalation_item WHERE kind = :kind "
                            + "AND subject_ref = :ref").bind("kind", opening.kind()).bind("ref", opening.subjectRef())
                    .mapTo(Long.class).findOne();
            if (existing.isPresent()) {
                return new Opened(existing.get(), false);
            }
            ComplexView complex = registry.complex(opening.complexId()).orElseThrow();
            Instant now = clock.instant();
            Instant due = dueAt(complex, opening.tier(), now).orElse(null);
            long id = handle.createUpdate("INSERT INTO escalation_item (complex_id, kind, subject_ref, title, detail, "
                            + "tier, state, opened_at, tier_received_at, due_at) VALUES (:complexId, :kind, :ref, :title, "
                            + ":detail, :tier, 'open', :now, :now, :due)")
                    .bind("complexId", opening.complexId()).bind("kind", opening.kind())
                    .bind("ref", opening.subjectRef()).bind("title", opening.title()).bind("detail", opening.detail())
                    .bind("tier", opening.tier().level()).bind("now", now.toEpochMilli())
                    .bind("due", due == null ? null : due.toEpochMilli())
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            handle.createUpdate("INSERT INTO escalation_event (item_id, at, actor, action, from_tier, to_tier, note) "
                            + "VALUES (:id, :now, :actor, 'opened', NULL, :tier, :note)")
                    .bind("id", id).bind("now", now.toEpochMilli()).bind("actor", opening.actor())
                    .bind("tier", opening.tier().level()).bind("note", opening.title()).execute();
            Map<String, Object> audit = new LinkedHashMap<>();
            audit.put("item", id);
            audit.put("kind", opening.kind());
            audit.put("subject", opening.subjectRef());
            audit.put("tier", opening.tier().level());
            audit.put("title", opening.title());
            auditLog.append(opening.actor(), "escalation.open", "escalation:" + id, Canonical.json(audit));
            notifyTier(complex, id, opening, due);
            return new Opened(id, true);
        });
    }

    /** When an item received now at this tier must be acted on; empty for the discipline office. */
    public Optional<Instant> dueAt(ComplexView complex, Tier tier, Instant received) {
        return tier.deadline().map(setting -> calendar.deadlineAfter(received, registry.intSetting(complex, setting)));
    }

    private void notifyTier(ComplexView complex, long id, Opening opening, Instant due) {
        ScopeType scope = switch (opening.tier()) {
            case COMPLEX -> ScopeType.COMPLEX;
            case COMMUNITY -> ScopeType.COMMUNITY;
            case TOWN, DISCIPLINE -> ScopeType.TOWN;
        };
        long scopeId = switch (scope) {
            case COMPLEX -> complex.complex().id();
            case COMMUNITY -> complex.community().id();
            case TOWN -> complex.town().id();
        };
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("id", id);
        model.put("tier", opening.tier().label());
        model.put("complexName", complex.complex().name());
        model.put("title", opening.title());
        model.put("detail", opening.detail());
        model.put("due", due == null ? "" : Formats.dateTime(due));
        model.put("link", baseUrl + "/c/" + complex.complex().code());
        String text = templates.chat("escalation-opened", model);
        for (ChannelBinding binding : registry.bindingsOf(scope, scopeId)) {
            if (binding.purpose().equals(opening.tier().groupPurpose())) {
                outbox.enqueue(new OutboundMessage("escalation:" + id + ":opened:" + binding.channel(),
                        binding.channel(), binding.target(), OutboundMessage.Format.TEXT, text));
            }
        }
    }
}
