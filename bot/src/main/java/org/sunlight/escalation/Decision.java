package org.sunlight.escalation;

import java.util.Arrays;
import java.util.Optional;

/**
 * What an officer may decide on an item, always with a reason. Who may decide what, and what each
 * does to the item, is enforced in {@link Decisions}.
 */
public enum Decision {
    /** Urges the complex to act; the item stays where it is. */
    URGE("urge", "督促"),
    /** Orders rectification: back to the complex with a fresh deadline; a second miss goes to the discipline office. */
    ORDER_RECTIFICATION("order-rectification", "责令整改"),
    /** Interview by the discipline office; recorded at tier 3, the item stays open until answered. */
    INTERVIEW("interview", "约谈"),
    /** Dismisses the item as unfounded; closes it. */
    DISMISS("dismiss", "驳回"),
    /** Returns it one tier down with a fresh clock there. */
    RETURN("return", "退回");

    private final String code;
    private final String label;

    Decision(String code, String label) {
        this.code = code;
        this.label = label;
    }

    public String code() {
        return code;
    }

    public String label() {
        return label;
    }

    public static Optional<Decision> fromCode(String code) {
        return Arrays.stream(values()).filter(decision -> decision.code.equals(code)).findFirst();
    }
}
