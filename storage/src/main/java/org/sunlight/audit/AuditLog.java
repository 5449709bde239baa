package org.sunlight.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.sunlight.storage.Locks;

/**
 * The append-only, hash-chained record of every accepted change and every publication. Each
 * entry's hash is SHA-256 of the previous entry's hash, a newline and the entry's canonical form,
 * so editing, inserting or deleting any entry but the last breaks every later link.
 *
 * <p>{@link #append} and {@link #appendAll} join the caller's open transaction (Jdbi reuses the thread's handle), so the
 * change and its audit entry commit together. Thread-safe.
 */
public final class AuditLog {

    /** The previous hash of the first entry. */
    public static final String GENESIS = "0".repeat(64);

    private final Jdbi jdbi;
    private final Clock clock;

    public AuditLog(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** An entry to append: who did what to which subject, with its canonical detail. */
    public record Draft(String actor, String action, String subject, String detail) {
    }

    /**
     * Appends an entry. {@code detail} should already be canonical (e.g. from {@link Canonical}),
     * since its exact text is what the hash covers.
     */
    public AuditEntry append(String actor, String action, String subject, String detail) {
        return appendAll(List.of(new Draft(actor, action, subject, detail))).get(0);
    }

    /**
     * Appends entries in order, chained to each other in memory: the chain head is read once and
     * the rows go in as one batch, in the caller's transaction (for the sweep's pages of moves).
     */
    public List<AuditEntry> appendAll(List<Draft> drafts) {
        if (drafts.isEmpty()) {
            return List.of();
        }
        return jdbi.inTransaction(handle -> {
            // One chain for the whole cluster: nodes append one at a time.
            Locks.lockForTransaction(handle, "audit_log");
            Optional<AuditEntry> last = handle.createQuery("SELECT * FROM audit_log ORDER BY seq DESC LIMIT 1")
                    .map(new AuditEntryMapper()).findOne();
            long seq = last.map(AuditEntry::seq).orElse(0L);
            String previousHash = last.map(AuditEntry::hash).orElse(GENESIS);
            long at = clock.millis();
            List<AuditEntry> entries = new ArrayList<>(drafts.size());
            PreparedBatch batch = handle.prepareBatch("INSERT INTO audit_log (seq, at, actor, action, subject, "
                    + "detail, prev_hash, hash) VALUES (:seq, :at, :actor, :action, :subject, :detail, :prevHash, "
                    + ":hash)");
            for (Draft draft : drafts) {
                seq++;
                String hash = hash(previousHash, canonical(seq, at, draft.actor(), draft.action(), draft.subject(),
                        draft.detail()));
                batch.bind("seq", seq).bind("at", at).bind("actor", draft.actor()).bind("action", draft.action())
                        .bind("subject", draft.subject()).bind("detail", draft.detail())
                        .bind("prevHash", previousHash).bind("hash", hash).add();
                entries.add(new AuditEntry(seq, at, draft.actor(), draft.action(), draft.subject(), draft.detail(),
                        previousHash, hash));
                previousHash = hash;
            }
            batch.execute();
            return List.copyOf(entries);
        });
    }

    /** Walks the whole chain and reports the first broken link, if any. */
    public Verification verify() {
        return jdbi.withHandle(handle -> {
            String expectedPrevious = GENESIS;
            long expectedSeq = 1;
            long checked = 0;
            try (var entries = handle.createQuery("SELECT * FROM audit_log ORDER BY seq")
                    .map(new AuditEntryMapper()).stream()) {
                for (AuditEntry entry : (Iterable<AuditEntry>) entries::iterator) {
                    if (entry.seq() != expectedSeq) {
                        return Verification.broken(checked, entry.seq(), "entry " + expectedSeq + " is missing");
                    }
                    if (!entry.previousHash().equals(expectedPrevious)) {
                        return Verification.broken(checked, entry.seq(),
                                "its previous hash does not match entry " + (entry.seq() - 1));
                    }
                    String recomputed = hash(entry.previousHash(), canonical(entry.seq(), entry.at(), entry.actor(),
                            entry.action(), entry.subject(), entry.detail()));
                    if (!recomputed.equals(entry.hash())) {
                        return Verification.broken(checked, entry.seq(), "its content does not match its hash");
                    }
                    expectedPrevious = entry.hash();
                    expectedSeq++;
                    checked++;
                }
            }
            return Verification.intact(checked);
        });
    }

    /** Entries about one subject, oldest first. */
    public List<AuditEntry> entriesFor(String subject) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM audit_log WHERE subject = :subject "
                        + "ORDER BY seq")
                .bind("subject", subject).map(new AuditEntryMapper()).list());
    }

    /** The newest entry's hash, or {@link #GENESIS} for an empty log. */
    public String head() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1")
                .mapTo(String.class).findOne().orElse(GENESIS));
    }

    static String canonical(long seq, long at, String actor, String action, String subject, String detail) {
        return seq + "\n" + at + "\n" + actor + "\n" + action + "\n" + subject + "\n" + detail;
    }

    /** SHA-256 hex of {@code previousHash + "\n" + record}. */
    public static String hash(String previousHash, String record) {
        return sha256Hex(previousHash + "\n" + record);
    }

    /** SHA-256 of UTF-8 text, lowercase hex. */
    public static String sha256Hex(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }

    /** Outcome of {@link #verify()}. */
    public record Verification(boolean intact, long entriesChecked, Long firstBrokenSeq, String reason) {

        static Verification intact(long checked) {
            return new Verification(true, checked, null, null);
        }

        static Verification broken(long checked, long seq, String reason) {
            return new Verification(false, checked, seq, reason);
        }
    }
}
