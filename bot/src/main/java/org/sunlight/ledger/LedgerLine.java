package org.sunlight.ledger;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

import org.sunlight.audit.AuditLog;
import org.sunlight.audit.Canonical;

/**
 * One line of a ledger as read from a file, form or chat command, before it is stored.
 * Fields a kind does not use are empty strings (or null for dates and balances).
 *
 * @param row             where it came from (spreadsheet row number)
 * @param direction       {@code income} | {@code spending} (public revenue), {@code cost} (utility), {@code withdrawal} (fund)
 * @param category        the public-revenue category, the utility item (电/水), or the fund's purpose
 * @param balanceAfterFen the fund balance after a withdrawal, as declared
 */
public record LedgerLine(int row, String direction, String category, LocalDate date, long amountFen,
                         String description, String voucher, boolean reported, String meter,
                         String previousReading, String currentReading, String usage, String works,
                         String contractor, String approval, Long balanceAfterFen) {

    /** Is money going out of the ledger's balance. */
    public boolean outgoing() {
        return !"income".equals(direction);
    }

    /** Identifies the entry for "the same entry twice" across uploads: every field that says what it is. */
    public String fingerprint(LedgerKind kind, Period period) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("kind", kind.code());
        fields.put("period", period.code());
        fields.put("direction", direction);
        fields.put("category", category);
        fields.put("date", date == null ? "" : date.toString());
        fields.put("amount", amountFen);
        fields.put("description", description);
        fields.put("voucher", voucher);
        fields.put("meter", meter);
        fields.put("reading", currentReading);
        return AuditLog.sha256Hex(Canonical.json(fields));
    }
}
