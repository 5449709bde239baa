package org.sunlight.ledger;

import java.util.Arrays;
import java.util.Optional;

/** The three ledgers a complex discloses; {@code code} appears in links and the database. */
public enum LedgerKind {
    PUBLIC_REVENUE("public-revenue", "公共收益", true),
    UTILITY("utility", "公摊水电费", false),
    FUND("fund", "维修资金支取", false);

    private final String code;
    private final String label;
    private final boolean quarterly;

    LedgerKind(String code, String label, boolean quarterly) {
        this.code = code;
        this.label = label;
        this.quarterly = quarterly;
    }

    public String code() {
        return code;
    }

    /** The Chinese name, also what the {@code 台账类型} row of a file says. */
    public String label() {
        return label;
    }

    /** Public revenue is disclosed per quarter, the others per month. */
    public boolean quarterly() {
        return quarterly;
    }

    public static Optional<LedgerKind> fromCode(String code) {
        return Arrays.stream(values()).filter(kind -> kind.code.equals(code)).findFirst();
    }

    public static Optional<LedgerKind> fromLabel(String label) {
        String clean = label == null ? "" : label.strip();
        return Arrays.stream(values()).filter(kind -> kind.label.equals(clean) || kind.code.equals(clean)
                || (kind == FUND && (clean.equals("维修资金") || clean.equals("公维金"))))
                .findFirst();
    }
}
