package org.sunlight.audit;

/** One link of the audit chain. */
public record AuditEntry(long seq, long at, String actor, String action, String subject, String detail,
                         String previousHash, String hash) {
}
