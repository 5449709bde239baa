package org.sunlight.escalation;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jdbi.v3.core.Jdbi;
import org.sunlight.registry.ComplexView;
import org.sunlight.registry.Registry;
import org.sunlight.schedule.ScheduledTask;
import org.sunlight.templates.Templates;

/**
 * The ladder's clock. Every run, from the database and {@code now} alone: escalates each open,
 * unanswered item whose deadline has passed to the next tier (whose clock starts at the missed
 * deadline, not at the run, so a late run changes nothing and a long downtime is caught up tier by
 * tier); closes answered items nobody reacted to; reminds each tier once before its deadline.
 * Selects with the (state, due_at) and (state, remind_at) indexes. Thread-safe.
 */
public final class EscalationSweep {

    public static final String KEY = "escalation-sweep";
    static final int BATCH = 500;

    private final Jdbi jdbi;
    private final Escalations escalations;
    private final Registry registry;
    private final Templates templates;

    public EscalationSweep(Jdbi jdbi, Escalations escalations, Registry registry, Templates templates) {
        this.jdbi = jdbi;
        this.escalations = escalations;
        this.registry = registry;
        this.templates = templates;
    }

    /** Every five minutes. */
    public ScheduledTask task() {
        return new ScheduledTask(KEY, "0 */5 * * * ?", now -> run(now));
    }

    /** What one run did. */
    public record Result(int escalated, int closed, int reminded) {
    }

    public Result run(Instant now) {
        int escalated = 0;
        int closed = 0;
        int reminded = 0;
        while (true) {
            List<EscalationItem> due = jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM escalation_item "
                            + "WHERE state = 'open' AND due_at <= :now ORDER BY due_at, id LIMIT :limit")
                    .bind("now", now.toEpochMilli()).bind("limit", BATCH).mapTo(EscalationItem.class).list());
            if (due.isEmpty()) {
                break;
            }
            int[] counts = jdbi.inTransaction(handle -> {
                int moved = 0;
                int ended = 0;
                for (EscalationItem item : due) {
                    if (item.awaitingReaction()) {
                        if (closeSilently(item)) {
                            ended++;
                        }
                    } else if (escalate(item)) {
                        moved++;
                    }
                }
                return new int[] {moved, ended};
            });
            escalated += counts[0];
            closed += counts[1];
            if (counts[0] + counts[1] == 0) {
                break; // everything selected changed under us; the next run sees the new state
            }
        }
        while (true) {
            List<EscalationItem> toRemind = jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM "
                            + "escalation_item WHERE state = 'open' AND remind_at <= :now ORDER BY remind_at, id "
                            + "LIMIT :limit")
                    .bind("now", now.toEpochMilli()).bind("limit", BATCH).mapTo(EscalationItem.class).list());
            if (toRemind.isEmpty()) {
                break;
            }
            reminded += jdbi.inTransaction(handle -> {
                int sent = 0;
                for (EscalationItem item : toRemind) {
                    if (remind(item, now)) {
                        sent++;
                    }
                }
                return sent;
            });
        }
        return new Result(escalated, closed, reminded);
    }

    private boolean escalate(EscalationItem item) {
        Tier from = item.currentTier();
        // After 责令整改 a second miss at the complex is 拒不整改: straight to the discipline office.
        Tier to = from == Tier.COMPLEX && item.rectificationOrdered() ? Tier.DISCIPLINE
                : from.next().orElse(Tier.DISCIPLINE);
        return escalations.moveTo(item, to, item.dueAt(), "system", "escalated", "", true);
    }

    private boolean closeSilently(EscalationItem item) {
        if (!escalations.close(item, EscalationItem.RESOLVED, "system", "closed-silently", "")) {
            return false;
        }
        ComplexView complex = registry.complex(item.complexId()).orElseThrow();
        Map<String, Object> model = escalations.baseModel(complex, escalations.item(item.id()).orElseThrow());
        escalations.postToOwners(complex, "escalation:" + item.id() + ":closed-silently",
                templates.chat("escalation-closed", model));
        return true;
    }

    private boolean remind(EscalationItem item, Instant now) {
        return jdbi.inTransaction(handle -> {
            handle.createUpdate("UPDATE escalation_item SET remind_at = NULL WHERE id = :id")
                    .bind("id", item.id()).execute();
            if (item.answeredAt() != null || item.dueAt() == null || !now.isBefore(item.dueAt())) {
                return false;
            }
            int inserted = handle.createUpdate("INSERT INTO escalation_reminder (item_id, tier, due_at, kind, sent_at) "
                            + "VALUES (:id, :tier, :due, 'before-due', :now) ON CONFLICT DO NOTHING")
                    .bind("id", item.id()).bind("tier", item.tier()).bind("due", item.dueAt().toEpochMilli())
                    .bind("now", now.toEpochMilli()).execute();
            if (inserted == 0) {
                return false;
            }
            escalations.addEvent(item.id(), now, "system", "reminded", item.tier(), item.tier(),
                    item.currentTier().label() + "的处理期限将至");
            ComplexView complex = registry.complex(item.complexId()).orElseThrow();
            Map<String, Object> model = escalations.baseModel(complex, item);
            escalations.postToTier(complex, item.currentTier(), "escalation:" + item.id() + ":remind:" + item.tier()
                    + ":" + item.dueAt().toEpochMilli(), templates.chat("escalation-reminder", model));
            return true;
        });
    }
}
