package org.sunlight.disclosure;

import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
import org.sunlight.audit.AuditLog;
import org.sunlight.ledger.LedgerKind;
import org.sunlight.ledger.LedgerLine;
import org.sunlight.ledger.Period;
import org.sunlight.ledger.StoredEntry;

/**
 * Compares the ledger entries and statements in the database with what the audit log recorded
 * when they were accepted or published. The hash chain only proves the log itself is unchanged;
 * this finds ledger and statement rows changed, added or removed behind the service's back, e.g.
 * by someone who dropped the append-only triggers and edited the SQLite file by hand.
 */
public final class RecordIntegrity {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Jdbi jdbi;

    public RecordIntegrity(Jdbi jdbi) {
        this.jdbi = jdbi;
        jdbi.registerRowMapper(ConstructorMapper.factory(StoredEntry.class));
    }

    /** One record that does not match the audit log. */
    public record Finding(String record, String problem) {

        public String describe() {
            return record + ": " + problem;
        }
    }

    /** What was compared, and every mismatch, oldest record first. */
    public record Result(long entriesChecked, long statementsChecked, List<Finding> findings) {

        public boolean matches() {
            return findings.isEmpty();
        }
    }

    /** What the audit log says about one ledger entry or statement. */
    private record Audited(long seq, String action, String kind, String period, JsonNode fields) {
    }

    /** A filed period's kind and period code, to recompute an entry's fingerprint. */
    private record PeriodOf(String kind, String period) {
    }

    public Result check() {
        Map<Long, Audited> entries = new LinkedHashMap<>();
        Map<Long, Audited> statements = new LinkedHashMap<>();
        readAudit(entries, statements);
        List<Finding> findings = new ArrayList<>();
        long entriesChecked = checkEntries(entries, findings);
        long statementsChecked = checkStatements(statements, findings);
        return new Result(entriesChecked, statementsChecked, List.copyOf(findings));
    }

    private void readAudit(Map<Long, Audited> entries, Map<Long, Audited> statements) {
        jdbi.useHandle(handle -> handle.createQuery("SELECT seq, action, detail FROM audit_log WHERE action IN "
                        + "('ledger.file', 'ledger.correct', 'statement.publish') ORDER BY seq")
                .map((rs, ctx) -> {
                    long seq = rs.getLong("seq");
                    String action = rs.getString("action");
                    JsonNode detail = parse(rs.getString("detail"), seq);
                    switch (action) {
                        case "ledger.file" -> {
                            for (JsonNode line : detail.path("entries")) {
                                entries.put(line.path("entry").asLong(), new Audited(seq, action,
                                        detail.path("kind").asText(), detail.path("period").asText(), line));
                            }
                        }
                        case "ledger.correct" -> entries.put(detail.path("entry").asLong(),
                                new Audited(seq, action, null, null, detail));
                        default -> statements.put(detail.path("statement").asLong(),
                                new Audited(seq, action, null, null, detail));
                    }
                    return seq;
                }).list());
    }

    private long checkEntries(Map<Long, Audited> audited, List<Finding> findings) {
        Map<Long, PeriodOf> periods = new HashMap<>();
        jdbi.useHandle(handle -> handle.createQuery("SELECT id, kind, period FROM ledger_period")
                .map((rs, ctx) -> periods.put(rs.getLong("id"), new PeriodOf(rs.getString("kind"),
                        rs.getString("period")))).list());
        List<StoredEntry> stored = jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM ledger_entry "
                + "ORDER BY id").mapTo(StoredEntry.class).list());
        Map<Long, String> fingerprints = new HashMap<>();
        jdbi.useHandle(handle -> handle.createQuery("SELECT id, fingerprint FROM ledger_entry")
                .map((rs, ctx) -> fingerprints.put(rs.getLong("id"), rs.getString("fingerprint"))).list());
        Map<Long, Audited> unseen = new LinkedHashMap<>(audited);
        for (StoredEntry entry : stored) {
            String record = "ledger entry #" + entry.id();
            Audited expected = unseen.remove(entry.id());
            if (expected == null) {
                findings.add(new Finding(record, "is not in the audit log (added behind the service's back)"));
                continue;
            }
            List<String> differences = expected.action().equals("ledger.correct")
                    ? correctionDifferences(entry, expected.fields())
                    : entryDifferences(entry, fingerprints.get(entry.id()), expected, periods.get(entry.periodId()));
            if (!differences.isEmpty()) {
                findings.add(new Finding(record, "differs from audit entry " + expected.seq() + " in "
                        + String.join(", ", differences)));
            }
        }
        unseen.forEach((id, expected) -> findings.add(new Finding("ledger entry #" + id,
                "recorded in audit entry " + expected.seq() + " but missing from the database")));
        return stored.size();
    }

    private static List<String> entryDifferences(StoredEntry entry, String storedFingerprint, Audited expected,
                                                 PeriodOf period) {
        JsonNode fields = expected.fields();
        List<String> differences = new ArrayList<>();
        if (entry.correction()) {
            differences.add("reverses");
        }
        if (period == null || !period.kind().equals(expected.kind()) || !period.period().equals(expected.period())) {
            differences.add("period");
        }
        if (!entry.direction().equals(fields.path("direction").asText())) {
            differences.add("direction");
        }
        if (!entry.category().equals(fields.path("category").asText())) {
            differences.add("category");
        }
        if (entry.amountFen() != fields.path("amountFen").asLong()) {
            differences.add("amount");
        }
        String fingerprint = fields.path("fingerprint").asText();
        if (!fingerprint.equals(storedFingerprint)) {
            differences.add("fingerprint");
        } else if (period != null && !fingerprint.equals(recomputedFingerprint(entry, period))) {
            // The fingerprint covers date, description, voucher, meter and reading too.
            differences.add("date, description, voucher, meter or reading");
        }
        return differences;
    }

    private static String recomputedFingerprint(StoredEntry entry, PeriodOf period) {
        LedgerKind kind = LedgerKind.fromCode(period.kind()).orElse(null);
        if (kind == null) {
            return "";
        }
        Period parsed = Period.parse(kind, period.period()).orElse(null);
        if (parsed == null) {
            return "";
        }
        LocalDate date;
        try {
            date = entry.entryDate() == null || entry.entryDate().isEmpty() ? null : LocalDate.parse(entry.entryDate());
        } catch (DateTimeParseException notADate) {
            return "";
        }
        return new LedgerLine(entry.lineNo(), entry.direction(), entry.category(), date, entry.amountFen(),
                entry.description(), entry.voucher(), entry.reported() == 1, entry.meter(), entry.previousReading(),
                entry.currentReading(), entry.usage(), entry.works(), entry.contractor(), entry.approval(),
                entry.balanceAfterFen()).fingerprint(kind, parsed);
    }

    private static List<String> correctionDifferences(StoredEntry entry, JsonNode fields) {
        List<String> differences = new ArrayList<>();
        if (!Objects.equals(entry.reversesId(), fields.path("reverses").asLong())) {
            differences.add("reverses");
        }
        if (entry.amountFen() != fields.path("amountFen").asLong()) {
            differences.add("amount");
        }
        if (!entry.reason().equals(fields.path("reason").asText())) {
            differences.add("reason");
        }
        return differences;
    }

    private long checkStatements(Map<Long, Audited> audited, List<Finding> findings) {
        Map<Long, Audited> unseen = new LinkedHashMap<>(audited);
        long[] checked = {0};
        jdbi.useHandle(handle -> handle.createQuery("SELECT id, digest, content FROM statement ORDER BY id")
                .map((rs, ctx) -> {
                    long id = rs.getLong("id");
                    String digest = rs.getString("digest");
                    String record = "statement #" + id;
                    Audited expected = unseen.remove(id);
                    if (!AuditLog.sha256Hex(rs.getString("content")).equals(digest)) {
                        findings.add(new Finding(record, "its content does not match its digest"));
                    }
                    if (expected == null) {
                        findings.add(new Finding(record, "is not in the audit log (added behind the service's back)"));
                    } else if (!digest.equals(expected.fields().path("digest").asText())) {
                        findings.add(new Finding(record, "its digest differs from audit entry " + expected.seq()));
                    }
                    checked[0]++;
                    return id;
                }).list());
        unseen.forEach((id, expected) -> findings.add(new Finding("statement #" + id,
                "recorded in audit entry " + expected.seq() + " but missing from the database")));
        return checked[0];
    }

    private static JsonNode parse(String detail, long seq) {
        try {
            return JSON.readTree(detail);
        } catch (IOException e) {
            throw new IllegalStateException("audit entry " + seq + " has a detail that is not JSON", e);
        }
    }
}
