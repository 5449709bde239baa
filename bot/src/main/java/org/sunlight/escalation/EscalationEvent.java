package org.sunlight.escalation;

import java.time.Instant;

/** One step in an item's timeline; {@code note} holds a reason, an answer or a question as typed. */
public record EscalationEvent(long id, long itemId, Instant at, String actor, String action, Integer fromTier,
                              Integer toTier, String note) {

    /** The Chinese name of the step. */
    public String actionLabel() {
        return switch (action) {
            case "opened" -> "登记";
            case "escalated" -> "超期上报";
            case "disputed" -> "业主不满意，上报";
            case "answered" -> "答复";
            case "accepted" -> "业主认可答复";
            case "closed-silently" -> "答复后无异议，自动办结";
            case "reminded" -> "到期提醒";
            default -> Decision.fromCode(action).map(Decision::label).orElse(action);
        };
    }
}
