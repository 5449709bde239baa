package org.sunlight.ledger;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * Reads and appends ledger rows. Appends join the caller's transaction. Nothing here updates or
 * deletes an entry. Thread-safe.
 */
public final class LedgerStore {

    private final Jdbi jdbi;

    public LedgerStore(Jdbi jdbi) {
        this.jdbi = jdbi;
        jdbi.registerRowMapper(ConstructorMapper.factory(StoredEntry.class));
        jdbi.registerRowMapper(ConstructorMapper.factory(FiledPeriod.class));
    }

    public Optional<FiledPeriod> period(long complexId, LedgerKind kind, Period period) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM ledger_period WHERE complex_id = :complex "
                        + "AND kind = :kind AND period = :period").bind("complex", complexId)
                .bind("kind", kind.code()).bind("period", period.code()).mapTo(FiledPeriod.class).findOne());
    }

    public List<FiledPeriod> periods(long complexId, LedgerKind kind) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM ledger_period WHERE complex_id = :complex "
                        + "AND kind = :kind ORDER BY period").bind("complex", complexId).bind("kind", kind.code())
                .mapTo(FiledPeriod.class).list());
    }

    public List<StoredEntry> entries(long periodId) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM ledger_entry WHERE period_id = :period "
                + "ORDER BY id").bind("period", periodId).mapTo(StoredEntry.class).list());
    }

    public Optional<StoredEntry> entry(long id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM ledger_entry WHERE id = :id")
                .bind("id", id).mapTo(StoredEntry.class).findOne());
    }

    public Set<String> fingerprints(long complexId, LedgerKind kind) {
        return new HashSet<>(jdbi.withHandle(handle -> handle.createQuery("SELECT fingerprint FROM ledger_entry "
                        + "WHERE complex_id = :complex AND kind = :kind").bind("complex", complexId)
                .bind("kind", kind.code()).mapTo(String.class).list()));
    }

    /**
     * The balance at the end of a filed period: opening + income − spending (public revenue) or
     * opening − withdrawals (fund), corrections applied. Empty for utility or an unfiled period.
     */
    public Optional<Long> closingBalance(long complexId, LedgerKind kind, Period period) {
        if (kind == LedgerKind.UTILITY) {
            return Optional.empty();
        }
        return period(complexId, kind, period).map(filed -> closingBalance(filed, entries(filed.id())));
    }

    public static long closingBalance(FiledPeriod filed, List<StoredEntry> entries) {
        long balance = filed.openingBalanceFen() == null ? 0 : filed.openingBalanceFen();
        for (StoredEntry entry : entries) {
            long sign = "income".equals(entry.direction()) ? 1 : -1;
            balance += entry.correction() ? -sign * entry.amountFen() : sign * entry.amountFen();
        }
        return balance;
    }

    /** The maintenance-fund balance after every recorded withdrawal and correction; empty before the first filing. */
    public Optional<Long> fundBalance(long complexId) {
        List<FiledPeriod> filed = periods(complexId, LedgerKind.FUND);
        if (filed.isEmpty()) {
            return Optional.empty();
        }
        long balance = filed.get(0).openingBalanceFen() == null ? 0 : filed.get(0).openingBalanceFen();
        for (FiledPeriod period : filed) {
            for (StoredEntry entry : entries(period.id())) {
                balance += entry.correction() ? entry.amountFen() : -entry.amountFen();
            }
        }
        return Optional.of(balance);
    }

    /** The latest filed period of the kind before this one, if any. */
    public Optional<FiledPeriod> previousFiled(long complexId, LedgerKind kind, Period period) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM ledger_period WHERE complex_id = :complex "
                        + "AND kind = :kind AND period < :period ORDER BY period DESC LIMIT 1")
                .bind("complex", complexId).bind("kind", kind.code()).bind("period", period.code())
                .mapTo(FiledPeriod.class).findOne());
    }

    long insertPeriod(long complexId, ParsedLedger ledger, long now, String actor) {
        return jdbi.inTransaction(handle -> handle.createUpdate("INSERT INTO ledger_period (complex_id, kind, period, "
                        + "opening_balance_fen, allocation, households, area_centi_m2, filed_at, filed_by) VALUES "
                        + "(:complex, :kind, :period, :opening, :allocation, :households, :area, :now, :actor)")
                .bind("complex", complexId).bind("kind", ledger.kind().code()).bind("period", ledger.period().code())
                .bind("opening", ledger.openingFen()).bind("allocation", ledger.allocation())
                .bind("households", ledger.households()).bind("area", ledger.areaCentiM2()).bind("now", now)
                .bind("actor", actor).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
    }

    long insertEntry(long periodId, long complexId, LedgerKind kind, LedgerLine line, String fingerprint,
                     Long reversesId, String reason, long now, String actor) {
        return jdbi.inTransaction(handle -> handle.createUpdate("INSERT INTO ledger_entry (period_id, complex_id, "
                        + "kind, line_no, direction, category, entry_date, amount_fen, description, voucher, reported, "
                        + "meter, previous_reading, current_reading, usage, works, contractor, approval, "
                        + "balance_after_fen, reverses_id, reason, fingerprint, created_at, created_by) VALUES "
                        + "(:period, :complex, :kind, :lineNo, :direction, :category, :date, :amount, :description, "
                        + ":voucher, :reported, :meter, :previous, :current, :usage, :works, :contractor, :approval, "
                        + ":balanceAfter, :reverses, :reason, :fingerprint, :now, :actor)")
                .bind("period", periodId).bind("complex", complexId).bind("kind", kind.code())
                .bind("lineNo", line.row()).bind("direction", line.direction()).bind("category", line.category())
                .bind("date", line.date() == null ? null : line.date().toString()).bind("amount", line.amountFen())
                .bind("description", line.description()).bind("voucher", line.voucher())
                .bind("reported", line.reported() ? 1 : 0).bind("meter", line.meter())
                .bind("previous", line.previousReading()).bind("current", line.currentReading())
                .bind("usage", line.usage()).bind("works", line.works()).bind("contractor", line.contractor())
                .bind("approval", line.approval()).bind("balanceAfter", line.balanceAfterFen())
                .bind("reverses", reversesId).bind("reason", reason).bind("fingerprint", fingerprint)
                .bind("now", now).bind("actor", actor)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
    }
}
