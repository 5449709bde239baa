package org.sunlight.escalation;

import java.time.Instant;

/**
 * One item on the ladder as stored. An open item with {@code answeredAt} set has been answered and
 * waits for the owner's reaction: its clock is stopped and {@code dueAt} is when it closes by itself.
 */
public record EscalationItem(long id, long complexId, String kind, String subjectRef, String title, String detail,
                             int tier, String state, Instant openedAt, Instant tierReceivedAt, Instant dueAt,
                             Instant closedAt, Instant answeredAt, Instant remindAt, boolean rectificationOrdered,
                             int missedDeadlines) {

    public static final String OPEN = "open";
    public static final String RESOLVED = "resolved";
    public static final String DISMISSED = "dismissed";

    public Tier currentTier() {
        return Tier.of(tier);
    }

    public boolean open() {
        return OPEN.equals(state);
    }

    /** Open, answered and waiting for the owner's acceptance or dispute. */
    public boolean awaitingReaction() {
        return open() && answeredAt != null;
    }

    /** Open, not answered, and past a deadline: its tier's, or one it missed before it climbed. */
    public boolean overdue(Instant now) {
        return open() && answeredAt == null && (missedDeadlines > 0 || dueAt != null && !now.isBefore(dueAt));
    }

    /** What people see as the item's state: 待处理, 已答复待确认, 已超期, 已办结, 已驳回. */
    public String stateLabel(Instant now) {
        if (RESOLVED.equals(state)) {
            return "已办结";
        }
        if (DISMISSED.equals(state)) {
            return "已驳回";
        }
        if (answeredAt != null) {
            return "已答复待确认";
        }
        return overdue(now) ? "已超期" : "待处理";
    }
}
