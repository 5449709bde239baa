package org.sunlight.ledger;

/**
 * An accepted ledger entry as stored. {@code reversesId} is set on a correction, which cancels
 * the entry it names; entries are never updated or deleted.
 */
public record StoredEntry(long id, long periodId, long complexId, String kind, int lineNo, String direction,
                          String category, String entryDate, long amountFen, String description, String voucher,
                          int reported, String meter, String previousReading, String currentReading, String usage,
                          String works, String contractor, String approval, Long balanceAfterFen, Long reversesId,
                          String reason, long createdAt, String createdBy) {

    public boolean correction() {
        return reversesId != null;
    }
}
