package org.sunlight.escalation;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
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
 * The ladder's moves: opens items (idempotent on kind and subject), moves them between tiers,
 * records their timeline and tells the tier that received them and the owners' group, each move
 * in one transaction with its messages and audit entry. Thread-safe.
 */
public final class Escalations {

    /** Reminders go out at this time on the last working day before a deadline. */
    static final LocalTime REMIND_AT = LocalTime.of(9, 0);

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
        jdbi.registerRowMapper(ConstructorMapper.factory(EscalationItem.class));
        jdbi.registerRowMapper(ConstructorMapper.factory(EscalationEvent.class));
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
                            + "tier, state, opened_at, tier_received_at, due_at, remind_at) VALUES (:complexId, :kind, "
                            + ":ref, :title, :detail, :tier, 'open', :now, :now, :due, :remind)")
                    .bind("complexId", opening.complexId()).bind("kind", opening.kind())
                    .bind("ref", opening.subjectRef()).bind("title", opening.title()).bind("detail", opening.detail())
                    .bind("tier", opening.tier().level()).bind("now", now.toEpochMilli())
                    .bind("due", due == null ? null : due.toEpochMilli())
                    .bind("remind", remindAt(now, due).map(Instant::toEpochMilli).orElse(null))
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            addEvent(id, now, opening.actor(), "opened", null, opening.tier().level(), opening.title());
            Map<String, Object> audit = new LinkedHashMap<>();
            audit.put("item", id);
            audit.put("kind", opening.kind());
            audit.put("subject", opening.subjectRef());
            audit.put("tier", opening.tier().level());
            audit.put("title", opening.title());
            auditLog.append(opening.actor(), "escalation.open", "escalation:" + id, Canonical.json(audit));
            notifyOpened(complex, id, opening, due);
            return new Opened(id, true);
        });
    }

    /** When an item received now at this tier must be acted on; empty for the discipline office. */
    public Optional<Instant> dueAt(ComplexView complex, Tier tier, Instant received) {
        return tier.deadline().map(setting -> calendar.deadlineAfter(received, registry.intSetting(complex, setting)));
    }

    /**
     * When to remind the tier: 09:00 on the last working day before the deadline (the deadline is the
     * end of that day); never before receipt. Empty without a deadline.
     */
    Optional<Instant> remindAt(Instant received, Instant due) {
        if (due == null) {
            return Optional.empty();
        }
        LocalDate lastDay = LocalDate.ofInstant(due.minusMillis(1), WorkingCalendar.ZONE);
        Instant remind = lastDay.atTime(REMIND_AT).atZone(WorkingCalendar.ZONE).toInstant();
        return Optional.of(remind.isAfter(received) ? remind : received);
    }

    public Optional<EscalationItem> item(long id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM escalation_item WHERE id = :id")
                .bind("id", id).mapTo(EscalationItem.class).findOne());
    }

    /** The item's timeline, oldest first. */
    public List<EscalationEvent> events(long itemId) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM escalation_event WHERE item_id = :id "
                + "ORDER BY id").bind("id", itemId).mapTo(EscalationEvent.class).list());
    }

    /** Appends a step to an item's timeline (joins the caller's transaction); returns its id. */
    public long addEvent(long itemId, Instant at, String actor, String action, Integer fromTier, Integer toTier,
                         String note) {
        return jdbi.inTransaction(handle -> handle.createUpdate("INSERT INTO escalation_event (item_id, at, actor, "
                        + "action, from_tier, to_tier, note) VALUES (:id, :at, :actor, :action, :from, :to, :note)")
                .bind("id", itemId).bind("at", at.toEpochMilli()).bind("actor", actor).bind("action", action)
                .bind("from", fromTier).bind("to", toTier).bind("note", note == null ? "" : note)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
    }

    /** A state change: the event, its audit entry, in the caller's transaction. */
    public long record(EscalationItem item, Instant at, String actor, String action, Integer fromTier, Integer toTier,
                       String note) {
        return jdbi.inTransaction(handle -> {
            long eventId = addEvent(item.id(), at, actor, action, fromTier, toTier, note);
            Map<String, Object> audit = new LinkedHashMap<>();
            audit.put("item", item.id());
            audit.put("event", eventId);
            audit.put("action", action);
            audit.put("fromTier", fromTier);
            audit.put("toTier", toTier);
            audit.put("note", note == null ? "" : note);
            auditLog.append(actor, "escalation." + action, "escalation:" + item.id(), Canonical.json(audit));
            return eventId;
        });
    }

    /**
     * Moves an open item to another tier whose clock starts at {@code receivedAt}: the answer (if
     * any) no longer counts, the tier is told with the evidence, and (if asked) the owners' group sees the move.
     * Returns false (and changes nothing) when the item is no longer as the caller saw it.
     */
    public boolean moveTo(EscalationItem item, Tier to, Instant receivedAt, String actor, String action,
                          String note, boolean announceToOwners) {
        return jdbi.inTransaction(handle -> {
            ComplexView complex = registry.complex(item.complexId()).orElseThrow();
            Instant due = dueAt(complex, to, receivedAt).orElse(null);
            int updated = handle.createUpdate("UPDATE escalation_item SET tier = :tier, tier_received_at = :received, "
                            + "due_at = :due, remind_at = :remind, answered_at = NULL, missed_deadlines = "
                            + "missed_deadlines + :missed WHERE id = :id AND state = 'open' "
                            + "AND tier = :oldTier AND due_at IS NOT DISTINCT FROM :oldDue "
                            + "AND answered_at IS NOT DISTINCT FROM :oldAnswered")
                    .bind("tier", to.level()).bind("received", receivedAt.toEpochMilli())
                    .bind("due", due == null ? null : due.toEpochMilli())
                    .bind("remind", remindAt(receivedAt, due).map(Instant::toEpochMilli).orElse(null))
                    .bind("missed", "escalated".equals(action) ? 1 : 0)
                    .bind("id", item.id()).bind("oldTier", item.tier())
                    .bind("oldDue", item.dueAt() == null ? null : item.dueAt().toEpochMilli())
                    .bind("oldAnswered", item.answeredAt() == null ? null : item.answeredAt().toEpochMilli())
                    .execute();
            if (updated == 0) {
                return false;
            }
            long eventId = record(item, clock.instant(), actor, action, item.tier(), to.level(), note);
            EscalationItem moved = item(item.id()).orElseThrow();
            notifyTier(complex, moved, eventId, reasonOf(action, item.currentTier(), to, note));
            if (!announceToOwners) {
                return true;
            }
            Map<String, Object> model = baseModel(complex, moved);
            model.put("reason", reasonOf(action, item.currentTier(), to, note));
            postToOwners(complex, "escalation:" + item.id() + ":event:" + eventId + ":owners",
                    templates.chat("escalation-public", model));
            return true;
        });
    }

    /** Closes an open item (resolved or dismissed) with its event and audit entry. */
    public boolean close(EscalationItem item, String state, String actor, String action, String note) {
        return jdbi.inTransaction(handle -> {
            Instant now = clock.instant();
            int updated = handle.createUpdate("UPDATE escalation_item SET state = :state, closed_at = :now, "
                            + "due_at = NULL, remind_at = NULL WHERE id = :id AND state = 'open'")
                    .bind("state", state).bind("now", now.toEpochMilli()).bind("id", item.id()).execute();
            if (updated == 0) {
                return false;
            }
            record(item, now, actor, action, item.tier(), item.tier(), note);
            return true;
        });
    }

    /** Stops the item's clock: answered, waiting until {@code closesAt} for the owner's reaction. */
    public boolean markAnswered(EscalationItem item, Instant closesAt) {
        return jdbi.inTransaction(handle -> handle.createUpdate("UPDATE escalation_item SET answered_at = :now, "
                        + "due_at = :closes, remind_at = NULL WHERE id = :id AND state = 'open'")
                .bind("now", clock.millis()).bind("closes", closesAt.toEpochMilli()).bind("id", item.id())
                .execute() > 0);
    }

    /** Marks an item as ordered to rectify (a second miss at the complex goes to the discipline office). */
    void markRectificationOrdered(long itemId) {
        jdbi.useTransaction(handle -> handle.createUpdate("UPDATE escalation_item SET rectification_ordered = 1 "
                + "WHERE id = :id").bind("id", itemId).execute());
    }

    /** Posts into the complex's owners' group(s); the key makes a repeat a no-op. */
    public void postToOwners(ComplexView complex, String key, String text) {
        for (ChannelBinding binding : registry.bindingsOf(ScopeType.COMPLEX, complex.complex().id())) {
            if (ChannelBinding.OWNERS.equals(binding.purpose())) {
                outbox.enqueue(new OutboundMessage(key + ":" + binding.channel(), binding.channel(), binding.target(),
                        OutboundMessage.Format.TEXT, text));
            }
        }
    }

    /** Posts into the internal group of the tier responsible for the complex. */
    public void postToTier(ComplexView complex, Tier tier, String key, String text) {
        for (ChannelBinding binding : registry.bindingsOf(scopeOf(tier), scopeId(complex, tier))) {
            if (binding.purpose().equals(tier.groupPurpose())) {
                outbox.enqueue(new OutboundMessage(key + ":" + binding.channel(), binding.channel(), binding.target(),
                        OutboundMessage.Format.TEXT, text));
            }
        }
    }

    /** How long the item has been open, in calendar days and working days. */
    public String age(EscalationItem item, Instant now) {
        Instant end = item.closedAt() != null ? item.closedAt() : now;
        Duration duration = Duration.between(item.openedAt(), end);
        long days = duration.toDays();
        long hours = duration.minusDays(days).toHours();
        int workingDays = Math.max(0, calendar.workingDaysBetween(LocalDate.ofInstant(item.openedAt(),
                WorkingCalendar.ZONE), LocalDate.ofInstant(end, WorkingCalendar.ZONE)));
        return (days > 0 ? days + "天" : "") + hours + "小时（" + workingDays + "个工作日）";
    }

    /** The model every item message shares. */
    public Map<String, Object> baseModel(ComplexView complex, EscalationItem item) {
        Instant now = clock.instant();
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("id", item.id());
        model.put("tier", item.currentTier().label());
        model.put("complexName", complex.complex().name());
        model.put("title", item.title());
        model.put("detail", item.detail());
        model.put("due", item.dueAt() == null ? "" : Formats.dateTime(item.dueAt()));
        model.put("dueDay", item.dueAt() == null ? "" : dueDay(item.dueAt()));
        model.put("age", age(item, now));
        model.put("state", item.stateLabel(now));
        model.put("receivedAt", Formats.dateTime(item.tierReceivedAt()));
        model.put("overdue", item.overdue(now));
        model.put("link", baseUrl + "/dashboard/items/" + item.id());
        model.put("publicLink", baseUrl + "/c/" + complex.complex().code());
        return model;
    }

    /** A deadline as the working day it ends, e.g. 2026年2月24日（周二）. */
    public static String dueDay(Instant due) {
        return Formats.dateWithWeekday(LocalDate.ofInstant(due.minusMillis(1), WorkingCalendar.ZONE));
    }

    private static String reasonOf(String action, Tier from, Tier to, String note) {
        return switch (action) {
            case "escalated" -> from.label() + "未在期限内处理";
            case "disputed" -> "业主对答复不满意" + (note == null || note.isBlank() ? "" : "：" + note);
            default -> Decision.fromCode(action).map(decision -> to.label() + "收到" + decision.label()
                    + (note == null || note.isBlank() ? "" : "：" + note)).orElse(note == null ? "" : note);
        };
    }

    private void notifyTier(ComplexView complex, EscalationItem item, long eventId, String reason) {
        Map<String, Object> model = baseModel(complex, item);
        model.put("reason", reason);
        List<String> timeline = new ArrayList<>();
        for (EscalationEvent event : events(item.id())) {
            timeline.add(Formats.dateTime(event.at()) + " " + event.actionLabel()
                    + (event.note().isBlank() || "opened".equals(event.action()) ? "" : "：" + event.note()));
        }
        model.put("timeline", timeline);
        postToTier(complex, item.currentTier(), "escalation:" + item.id() + ":event:" + eventId + ":tier",
                templates.chat("escalation-escalated", model));
    }

    private void notifyOpened(ComplexView complex, long id, Opening opening, Instant due) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("id", id);
        model.put("tier", opening.tier().label());
        model.put("complexName", complex.complex().name());
        model.put("title", opening.title());
        model.put("detail", opening.detail());
        model.put("due", due == null ? "" : Formats.dateTime(due));
        model.put("link", baseUrl + "/c/" + complex.complex().code());
        String text = templates.chat("escalation-opened", model);
        for (ChannelBinding binding : registry.bindingsOf(scopeOf(opening.tier()), scopeId(complex,
                opening.tier()))) {
            if (binding.purpose().equals(opening.tier().groupPurpose())) {
                outbox.enqueue(new OutboundMessage("escalation:" + id + ":opened:" + binding.channel(),
                        binding.channel(), binding.target(), OutboundMessage.Format.TEXT, text));
            }
        }
    }

    private static ScopeType scopeOf(Tier tier) {
        return switch (tier) {
            case COMPLEX -> ScopeType.COMPLEX;
            case COMMUNITY -> ScopeType.COMMUNITY;
            case TOWN, DISCIPLINE -> ScopeType.TOWN;
        };
    }

    private static long scopeId(ComplexView complex, Tier tier) {
        return switch (scopeOf(tier)) {
            case COMPLEX -> complex.complex().id();
            case COMMUNITY -> complex.community().id();
            case TOWN -> complex.town().id();
        };
    }
}
