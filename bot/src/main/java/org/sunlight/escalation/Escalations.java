package org.sunlight.escalation;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToIntFunction;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;
import org.sunlight.audit.AuditLog;
import org.sunlight.audit.Canonical;
import org.sunlight.calendar.WorkingCalendar;
import org.sunlight.channel.Outbox;
import org.sunlight.channel.OutboundMessage;
import org.sunlight.registry.ChannelBinding;
import org.sunlight.registry.ComplexView;
import org.sunlight.registry.Registry;
import org.sunlight.registry.ScopeType;
import org.sunlight.registry.SettingKey;
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
        return dueAt(tier, received, setting -> registry.intSetting(complex, setting));
    }

    private Optional<Instant> dueAt(Tier tier, Instant received, ToIntFunction<SettingKey> workingDays) {
        return tier.deadline().map(setting -> calendar.deadlineAfter(received, workingDays.applyAsInt(setting)));
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
            auditLog.append(actor, "escalation." + action, "escalation:" + item.id(),
                    auditDetail(item.id(), eventId, action, fromTier, toTier, note));
            return eventId;
        });
    }

    /** A move to another tier, unless the item changed since the caller read it. */
    private static final String MOVE = "UPDATE escalation_item SET tier = :tier, tier_received_at = :received, "
            + "due_at = :due, remind_at = :remind, answered_at = NULL, missed_deadlines = "
            + "missed_deadlines + :missed WHERE id = :id AND state = 'open' "
            + "AND tier = :oldTier AND due_at IS NOT DISTINCT FROM :oldDue "
            + "AND answered_at IS NOT DISTINCT FROM :oldAnswered";

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
            int updated = handle.createUpdate(MOVE)
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

    // The sweep's batches. A page of items is written in the caller's one transaction with one
    // statement (or one prepared batch) per table instead of a dozen statements per item: the same
    // rows, events, audit entries and messages as moveTo, close and a reminder one at a time, with
    // registry data from the run's SweepRegistry. An item changed since the page was read is skipped.

    /** One climb of the sweep: an item as selected and the tier it goes to. */
    record Climb(EscalationItem item, Tier to) {
    }

    /**
     * Escalates each item as {@link #moveTo} with action {@code escalated} by {@code system} would,
     * the next tier's clock starting at the missed deadline, announced in the owners' group.
     * Returns how many moved.
     */
    int escalateAll(List<Climb> climbs, SweepRegistry cache) {
        if (climbs.isEmpty()) {
            return 0;
        }
        return jdbi.inTransaction(handle -> {
            PreparedBatch update = handle.prepareBatch(MOVE);
            List<EscalationItem> after = new ArrayList<>(climbs.size());
            for (Climb climb : climbs) {
                EscalationItem item = climb.item();
                ComplexView complex = cache.complex(item.complexId());
                Instant received = item.dueAt();
                Instant due = dueAt(climb.to(), received, setting -> cache.intSetting(complex, setting)).orElse(null);
                Instant remind = remindAt(received, due).orElse(null);
                update.bind("tier", climb.to().level()).bind("received", received.toEpochMilli())
                        .bind("due", due == null ? null : due.toEpochMilli())
                        .bind("remind", remind == null ? null : remind.toEpochMilli())
                        .bind("missed", 1).bind("id", item.id()).bind("oldTier", item.tier())
                        .bind("oldDue", received.toEpochMilli())
                        .bind("oldAnswered", item.answeredAt() == null ? null : item.answeredAt().toEpochMilli())
                        .add();
                // The row as the UPDATE leaves it, so nothing has to be read back.
                after.add(new EscalationItem(item.id(), item.complexId(), item.kind(), item.subjectRef(),
                        item.title(), item.detail(), climb.to().level(), item.state(), item.openedAt(), received, due,
                        item.closedAt(), null, remind, item.rectificationOrdered(), item.missedDeadlines() + 1));
            }
            int[] updated = update.execute();
            List<Climb> done = new ArrayList<>();
            List<EscalationItem> moved = new ArrayList<>();
            for (int i = 0; i < climbs.size(); i++) {
                if (updated[i] != 0) {
                    done.add(climbs.get(i));
                    moved.add(after.get(i));
                }
            }
            if (done.isEmpty()) {
                return 0;
            }
            Instant at = clock.instant();
            List<NewEvent> steps = new ArrayList<>();
            for (Climb climb : done) {
                steps.add(new NewEvent(climb.item().id(), at, "system", "escalated", climb.item().tier(),
                        climb.to().level(), ""));
            }
            Map<Long, Long> eventIds = addEventsAndAudit(steps);
            Map<Long, List<EscalationEvent>> timelines = eventsOf(eventIds.keySet());
            List<OutboundMessage> messages = new ArrayList<>();
            for (int i = 0; i < done.size(); i++) {
                EscalationItem item = moved.get(i);
                ComplexView complex = cache.complex(item.complexId());
                long eventId = eventIds.get(item.id());
                String reason = reasonOf("escalated", done.get(i).item().currentTier(), item.currentTier(), "");
                Map<String, Object> model = baseModel(complex, item);
                model.put("reason", reason);
                Map<String, Object> tierModel = new LinkedHashMap<>(model);
                tierModel.put("timeline", timeline(timelines.getOrDefault(item.id(), List.of())));
                Tier tier = item.currentTier();
                messages.addAll(messages(cache.bindingsOf(scopeOf(tier), scopeId(complex, tier)), tier.groupPurpose(),
                        "escalation:" + item.id() + ":event:" + eventId + ":tier",
                        templates.chat("escalation-escalated", tierModel)));
                messages.addAll(messages(cache.bindingsOf(ScopeType.COMPLEX, complex.complex().id()),
                        ChannelBinding.OWNERS, "escalation:" + item.id() + ":event:" + eventId + ":owners",
                        templates.chat("escalation-public", model)));
            }
            outbox.enqueueAll(messages);
            return done.size();
        });
    }

    /**
     * Resolves answered items nobody reacted to, as {@link #close} with action
     * {@code closed-silently} by {@code system} would, and tells each owners' group. Returns how many closed.
     */
    int closeSilentlyAll(List<EscalationItem> items, SweepRegistry cache) {
        if (items.isEmpty()) {
            return 0;
        }
        return jdbi.inTransaction(handle -> {
            // Stored as epoch ms: the in-memory copy must match what a read-back would give.
            Instant now = Instant.ofEpochMilli(clock.millis());
            PreparedBatch update = handle.prepareBatch("UPDATE escalation_item SET state = :state, closed_at = :now, "
                    + "due_at = NULL, remind_at = NULL WHERE id = :id AND state = 'open'");
            for (EscalationItem item : items) {
                update.bind("state", EscalationItem.RESOLVED).bind("now", now.toEpochMilli()).bind("id", item.id())
                        .add();
            }
            int[] updated = update.execute();
            List<EscalationItem> closed = new ArrayList<>();
            List<NewEvent> steps = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                if (updated[i] != 0) {
                    EscalationItem item = items.get(i);
                    closed.add(new EscalationItem(item.id(), item.complexId(), item.kind(), item.subjectRef(),
                            item.title(), item.detail(), item.tier(), EscalationItem.RESOLVED, item.openedAt(),
                            item.tierReceivedAt(), null, now, item.answeredAt(), null, item.rectificationOrdered(),
                            item.missedDeadlines()));
                    steps.add(new NewEvent(item.id(), now, "system", "closed-silently", item.tier(), item.tier(), ""));
                }
            }
            if (closed.isEmpty()) {
                return 0;
            }
            Map<Long, Long> eventIds = addEventsAndAudit(steps);
            List<OutboundMessage> messages = new ArrayList<>();
            for (EscalationItem item : closed) {
                ComplexView complex = cache.complex(item.complexId());
                messages.addAll(messages(cache.bindingsOf(ScopeType.COMPLEX, complex.complex().id()),
                        ChannelBinding.OWNERS, "escalation:" + item.id() + ":closed-silently",
                        templates.chat("escalation-closed", baseModel(complex, item))));
            }
            outbox.enqueueAll(messages);
            return closed.size();
        });
    }

    /**
     * Reminds each item's tier once before its deadline (one reminder per item, tier, deadline);
     * clears every item's {@code remind_at}, so each is considered once. Returns how many were reminded.
     */
    int remindAll(List<EscalationItem> items, Instant now, SweepRegistry cache) {
        if (items.isEmpty()) {
            return 0;
        }
        return jdbi.inTransaction(handle -> {
            handle.createUpdate("UPDATE escalation_item SET remind_at = NULL WHERE id IN (<ids>)")
                    .bindList("ids", items.stream().map(EscalationItem::id).toList()).execute();
            List<EscalationItem> eligible = items.stream().filter(item -> item.answeredAt() == null
                    && item.dueAt() != null && now.isBefore(item.dueAt())).toList();
            if (eligible.isEmpty()) {
                return 0;
            }
            PreparedBatch insert = handle.prepareBatch("INSERT INTO escalation_reminder (item_id, tier, due_at, "
                    + "kind, sent_at) VALUES (:id, :tier, :due, 'before-due', :now) ON CONFLICT DO NOTHING");
            for (EscalationItem item : eligible) {
                insert.bind("id", item.id()).bind("tier", item.tier()).bind("due", item.dueAt().toEpochMilli())
                        .bind("now", now.toEpochMilli()).add();
            }
            int[] inserted = insert.execute();
            List<EscalationItem> sent = new ArrayList<>();
            List<NewEvent> steps = new ArrayList<>();
            for (int i = 0; i < eligible.size(); i++) {
                if (inserted[i] != 0) {
                    EscalationItem item = eligible.get(i);
                    sent.add(item);
                    steps.add(new NewEvent(item.id(), now, "system", "reminded", item.tier(), item.tier(),
                            item.currentTier().label() + "的处理期限将至"));
                }
            }
            if (sent.isEmpty()) {
                return 0;
            }
            addEvents(steps);
            List<OutboundMessage> messages = new ArrayList<>();
            for (EscalationItem item : sent) {
                ComplexView complex = cache.complex(item.complexId());
                Tier tier = item.currentTier();
                messages.addAll(messages(cache.bindingsOf(scopeOf(tier), scopeId(complex, tier)), tier.groupPurpose(),
                        "escalation:" + item.id() + ":remind:" + item.tier() + ":" + item.dueAt().toEpochMilli(),
                        templates.chat("escalation-reminder", baseModel(complex, item))));
            }
            outbox.enqueueAll(messages);
            return sent.size();
        });
    }

    /** A step to append to an item's timeline. */
    private record NewEvent(long itemId, Instant at, String actor, String action, Integer fromTier, Integer toTier,
                            String note) {
    }

    /** {@link #addEvents}, then one audit entry per event, chained in one append. */
    private Map<Long, Long> addEventsAndAudit(List<NewEvent> steps) {
        Map<Long, Long> eventIds = addEvents(steps);
        List<AuditLog.Draft> audit = new ArrayList<>();
        for (NewEvent step : steps) {
            audit.add(new AuditLog.Draft(step.actor(), "escalation." + step.action(), "escalation:" + step.itemId(),
                    auditDetail(step.itemId(), eventIds.get(step.itemId()), step.action(), step.fromTier(),
                            step.toTier(), step.note())));
        }
        auditLog.appendAll(audit);
        return eventIds;
    }

    /**
     * Appends steps to several items' timelines with one statement, at most one step per item
     * (joins the caller's transaction); returns each new event's id by item id. The ids come back
     * with their item ids because neither dialect promises RETURNING's row order.
     */
    private Map<Long, Long> addEvents(List<NewEvent> steps) {
        StringBuilder sql = new StringBuilder("INSERT INTO escalation_event (item_id, at, actor, action, from_tier, "
                + "to_tier, note) VALUES ");
        for (int i = 0; i < steps.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?)");
        }
        sql.append(" RETURNING id, item_id");
        return jdbi.inTransaction(handle -> {
            Query insert = handle.createQuery(sql.toString());
            int position = 0;
            for (NewEvent step : steps) {
                insert.bind(position++, step.itemId()).bind(position++, step.at().toEpochMilli())
                        .bind(position++, step.actor()).bind(position++, step.action())
                        .bind(position++, step.fromTier()).bind(position++, step.toTier())
                        .bind(position++, step.note());
            }
            Map<Long, Long> ids = new HashMap<>();
            insert.map((results, context) -> {
                ids.put(results.getLong("item_id"), results.getLong("id"));
                return Boolean.TRUE;
            }).list();
            if (ids.size() != steps.size()) {
                throw new IllegalStateException("expected " + steps.size() + " new events, got " + ids.size());
            }
            return ids;
        });
    }

    /** Several items' timelines with one query, each oldest first. */
    private Map<Long, List<EscalationEvent>> eventsOf(Collection<Long> itemIds) {
        Map<Long, List<EscalationEvent>> timelines = new HashMap<>();
        jdbi.useHandle(handle -> handle.createQuery("SELECT * FROM escalation_event WHERE item_id IN (<ids>) "
                        + "ORDER BY item_id, id").bindList("ids", List.copyOf(itemIds)).mapTo(EscalationEvent.class)
                .forEach(event -> timelines.computeIfAbsent(event.itemId(), id -> new ArrayList<>()).add(event)));
        return timelines;
    }

    /** Posts into the complex's owners' group(s); the key makes a repeat a no-op. */
    public void postToOwners(ComplexView complex, String key, String text) {
        for (OutboundMessage message : messages(registry.bindingsOf(ScopeType.COMPLEX, complex.complex().id()),
                ChannelBinding.OWNERS, key, text)) {
            outbox.enqueue(message);
        }
    }

    /** Posts into the internal group of the tier responsible for the complex. */
    public void postToTier(ComplexView complex, Tier tier, String key, String text) {
        for (OutboundMessage message : messages(registry.bindingsOf(scopeOf(tier), scopeId(complex, tier)),
                tier.groupPurpose(), key, text)) {
            outbox.enqueue(message);
        }
    }

    /** One message per binding with this purpose; the channel completes the idempotency key. */
    private static List<OutboundMessage> messages(List<ChannelBinding> bindings, String purpose, String key,
                                                  String text) {
        List<OutboundMessage> messages = new ArrayList<>();
        for (ChannelBinding binding : bindings) {
            if (binding.purpose().equals(purpose)) {
                messages.add(new OutboundMessage(key + ":" + binding.channel(), binding.channel(), binding.target(),
                        OutboundMessage.Format.TEXT, text));
            }
        }
        return messages;
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
        model.put("timeline", timeline(events(item.id())));
        postToTier(complex, item.currentTier(), "escalation:" + item.id() + ":event:" + eventId + ":tier",
                templates.chat("escalation-escalated", model));
    }

    /** The timeline lines the receiving tier sees. */
    private static List<String> timeline(List<EscalationEvent> events) {
        List<String> timeline = new ArrayList<>();
        for (EscalationEvent event : events) {
            timeline.add(Formats.dateTime(event.at()) + " " + event.actionLabel()
                    + (event.note().isBlank() || "opened".equals(event.action()) ? "" : "：" + event.note()));
        }
        return timeline;
    }

    /** The audit entry of a state change: the canonical form its hash covers. */
    private static String auditDetail(long itemId, long eventId, String action, Integer fromTier, Integer toTier,
                                      String note) {
        Map<String, Object> audit = new LinkedHashMap<>();
        audit.put("item", itemId);
        audit.put("event", eventId);
        audit.put("action", action);
        audit.put("fromTier", fromTier);
        audit.put("toTier", toTier);
        audit.put("note", note == null ? "" : note);
        return Canonical.json(audit);
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
