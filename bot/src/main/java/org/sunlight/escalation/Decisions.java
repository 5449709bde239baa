package org.sunlight.escalation;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jdbi.v3.core.Jdbi;
import org.sunlight.app.Rejected;
import org.sunlight.registry.ComplexView;
import org.sunlight.registry.Registry;
import org.sunlight.templates.Templates;

/**
 * Officers' decisions on items, each with a reason, recorded in the timeline and the audit log and
 * echoed to the complex's owners' group. Rules:
 * <ul>
 * <li>an officer decides only on items of complexes in their scope, at or below their own tier
 *     (community 1, town 2, discipline office 3);</li>
 * <li>督促 (urge): at any tier; nothing moves;</li>
 * <li>责令整改 (order rectification): on items at tier 1 or above; back to the complex with a fresh
 *     deadline, and a second miss there goes straight to the discipline office;</li>
 * <li>约谈 (interview): discipline officers, on items at tier 3; recorded, the item stays open;</li>
 * <li>驳回 (dismiss): on items at tier 1 or above; closes the item as dismissed;</li>
 * <li>退回 (return): on items at tier 1 or above; one tier down with a fresh clock there.</li>
 * </ul>
 * Thread-safe.
 */
public final class Decisions {

    public static final int MAX_REASON_CHARS = 500;

    private final Jdbi jdbi;
    private final Escalations escalations;
    private final Registry registry;
    private final Templates templates;
    private final Clock clock;

    public Decisions(Jdbi jdbi, Escalations escalations, Registry registry, Templates templates, Clock clock) {
        this.jdbi = jdbi;
        this.escalations = escalations;
        this.registry = registry;
        this.templates = templates;
        this.clock = clock;
    }

    /** The item, if the officer may see it; otherwise not found (its existence is not revealed). */
    public EscalationItem visibleItem(Officer officer, long itemId) {
        return escalations.item(itemId).filter(item -> sees(officer, item))
                .orElseThrow(() -> Rejected.notFound("没有找到这个事项"));
    }

    /** Whether the officer may take this decision on the item now. */
    public boolean allowed(Officer officer, EscalationItem item, Decision decision) {
        if (!officer.isOfficer() || !item.open() || item.tier() > officer.level() || !sees(officer, item)) {
            return false;
        }
        return switch (decision) {
            case URGE -> true;
            case ORDER_RECTIFICATION, DISMISS, RETURN -> item.tier() >= Tier.COMMUNITY.level();
            case INTERVIEW -> officer.level() == Tier.DISCIPLINE.level() && item.tier() == Tier.DISCIPLINE.level();
        };
    }

    public void decide(Officer officer, long itemId, Decision decision, String reason) {
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty()) {
            throw Rejected.invalid("请填写决定的理由");
        }
        if (why.length() > MAX_REASON_CHARS) {
            throw Rejected.invalid("理由太长，最多" + MAX_REASON_CHARS + "字");
        }
        jdbi.useTransaction(handle -> {
            EscalationItem item = visibleItem(officer, itemId);
            if (!allowed(officer, item, decision)) {
                throw Rejected.forbidden("此事项当前不能由您作出“" + decision.label() + "”决定");
            }
            String actor = officer.person().code();
            Instant now = clock.instant();
            boolean done = switch (decision) {
                case URGE, INTERVIEW -> {
                    escalations.record(item, now, actor, decision.code(), item.tier(), item.tier(), why);
                    yield true;
                }
                case DISMISS -> escalations.close(item, EscalationItem.DISMISSED, actor, decision.code(), why);
                case RETURN -> escalations.moveTo(item, Tier.of(item.tier() - 1), now, actor, decision.code(), why,
                        false);
                case ORDER_RECTIFICATION -> {
                    boolean moved = escalations.moveTo(item, Tier.COMPLEX, now, actor, decision.code(), why, false);
                    if (moved) {
                        escalations.markRectificationOrdered(item.id());
                    }
                    yield moved;
                }
            };
            if (!done) {
                throw Rejected.conflict("事项刚刚发生了变化，请刷新后重试");
            }
            ComplexView complex = registry.complex(item.complexId()).orElseThrow();
            EscalationItem after = escalations.item(item.id()).orElseThrow();
            Map<String, Object> model = escalations.baseModel(complex, after);
            model.put("decision", decision.label());
            model.put("decisionCode", decision.code());
            model.put("officerName", officer.person().name());
            model.put("officerRole", officer.roleLabel());
            model.put("reason", why);
            model.put("open", after.open());
            String text = templates.chat("escalation-decision", model);
            List<EscalationEvent> events = escalations.events(item.id());
            long eventId = events.get(events.size() - 1).id();
            escalations.postToOwners(complex, "escalation:" + item.id() + ":decision:" + eventId, text);
            if (decision == Decision.URGE) {
                escalations.postToTier(complex, Tier.COMPLEX, "escalation:" + item.id() + ":decision:" + eventId
                        + ":committee", text);
            }
        });
    }

    private boolean sees(Officer officer, EscalationItem item) {
        return registry.complex(item.complexId()).map(officer::sees).orElse(false);
    }
}
