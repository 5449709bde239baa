package org.sunlight.escalation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jdbi.v3.core.Jdbi;
import org.sunlight.registry.Registry;
import org.sunlight.schedule.ScheduledTask;

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

    public EscalationSweep(Jdbi jdbi, Escalations escalations, Registry registry) {
        this.jdbi = jdbi;
        this.escalations = escalations;
        this.registry = registry;
    }

    /** Every five minutes. */
    public ScheduledTask task() {
        return new ScheduledTask(KEY, "0 */5 * * * ?", now -> run(now));
    }

    /** What one run did. */
    public record Result(int escalated, int closed, int reminded) {
    }

    public Result run(Instant now) {
        SweepRegistry cache = new SweepRegistry(registry);
        int escalated = 0;
        int closed = 0;
        int reminded = 0;
        while (true) {
            List<EscalationItem> due = page("due_at", now);
            if (due.isEmpty()) {
                break;
            }
            cache.prefetch(due);
            List<EscalationItem> answered = new ArrayList<>();
            List<Escalations.Climb> climbs = new ArrayList<>();
            for (EscalationItem item : due) {
                if (item.awaitingReaction()) {
                    answered.add(item);
                } else {
                    climbs.add(new Escalations.Climb(item, nextTier(item)));
                }
            }
            // One transaction (one commit, one fsync) per page.
            int[] counts = jdbi.inTransaction(handle -> new int[] {escalations.escalateAll(climbs, cache),
                    escalations.closeSilentlyAll(answered, cache)});
            escalated += counts[0];
            closed += counts[1];
            if (counts[0] + counts[1] == 0) {
                break; // everything selected changed under us; the next run sees the new state
            }
        }
        while (true) {
            List<EscalationItem> toRemind = page("remind_at", now);
            if (toRemind.isEmpty()) {
                break;
            }
            cache.prefetch(toRemind);
            reminded += jdbi.inTransaction(handle -> escalations.remindAll(toRemind, now, cache));
        }
        return new Result(escalated, closed, reminded);
    }

    /**
     * The next page of open items whose {@code column} (due_at or remind_at) has passed: an index
     * range on (state, column), so the cost follows the number selected, not the number stored.
     */
    private List<EscalationItem> page(String column, Instant now) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM escalation_item WHERE state = 'open' "
                        + "AND " + column + " <= :now ORDER BY " + column + ", id LIMIT :limit")
                .bind("now", now.toEpochMilli()).bind("limit", BATCH).mapTo(EscalationItem.class).list());
    }

    private static Tier nextTier(EscalationItem item) {
        Tier from = item.currentTier();
        // After 责令整改 a second miss at the complex is 拒不整改: straight to the discipline office.
        return from == Tier.COMPLEX && item.rectificationOrdered() ? Tier.DISCIPLINE
                : from.next().orElse(Tier.DISCIPLINE);
    }
}
