package org.sunlight.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.sunlight.storage.Dialect;
import org.sunlight.storage.TestDatabases;

@ParameterizedClass
@EnumSource(Dialect.class)
class AuditLogTest {

    @Parameter
    Dialect dialect;

    @TempDir
    Path directory;

    private Jdbi jdbi;
    private AuditLog auditLog;

    @BeforeEach
    void openLog() {
        jdbi = TestDatabases.open(dialect, directory);
        auditLog = new AuditLog(jdbi, Clock.fixed(Instant.parse("2026-04-01T02:00:00Z"), ZoneOffset.UTC));
        for (int i = 1; i <= 5; i++) {
            auditLog.append("chen-jian", "ledger.accept", "complex:jinxiu", Canonical.json(Map.of("line", i)));
        }
    }

    @Test
    void chainsEachEntryToThePreviousOne() {
        var entries = auditLog.entriesFor("complex:jinxiu");

        assertThat(entries).hasSize(5);
        assertThat(entries.get(0).previousHash()).isEqualTo(AuditLog.GENESIS);
        for (int i = 1; i < entries.size(); i++) {
            assertThat(entries.get(i).previousHash()).isEqualTo(entries.get(i - 1).hash());
        }
        assertThat(auditLog.verify().intact()).isTrue();
        assertThat(auditLog.verify().entriesChecked()).isEqualTo(5);
    }

    @Test
    void appendsABatchChainedToTheHeadAndToEachOtherInOneTransaction() {
        List<AuditEntry> batch = jdbi.inTransaction(handle -> auditLog.appendAll(List.of(
                new AuditLog.Draft("system", "escalation.escalated", "escalation:1", Canonical.json(Map.of("n", 1))),
                new AuditLog.Draft("system", "escalation.escalated", "escalation:2", Canonical.json(Map.of("n", 2))),
                new AuditLog.Draft("system", "escalation.escalated", "escalation:3",
                        Canonical.json(Map.of("n", 3))))));
        AuditEntry after = auditLog.append("chen-jian", "ledger.accept", "complex:jinxiu", "{}");

        assertThat(batch).extracting(AuditEntry::seq).containsExactly(6L, 7L, 8L);
        assertThat(batch.get(0).previousHash()).isEqualTo(auditLog.entriesFor("complex:jinxiu").get(4).hash());
        assertThat(batch.get(2).previousHash()).isEqualTo(batch.get(1).hash());
        assertThat(after.previousHash()).isEqualTo(batch.get(2).hash());
        assertThat(auditLog.entriesFor("escalation:2")).singleElement().isEqualTo(batch.get(1));
        assertThat(auditLog.appendAll(List.of())).isEmpty();
        assertThat(auditLog.verify().intact()).isTrue();
        assertThat(auditLog.verify().entriesChecked()).isEqualTo(9);
    }

    @Test
    void namesTheFirstEntryEditedDirectlyInTheDatabase() {
        jdbi.useHandle(handle -> handle.execute("UPDATE audit_log SET detail = '{\"line\":99}' WHERE seq = 3"));

        AuditLog.Verification verification = auditLog.verify();

        assertThat(verification.intact()).isFalse();
        assertThat(verification.firstBrokenSeq()).isEqualTo(3L);
        assertThat(verification.reason()).contains("content");
    }

    @Test
    void noticesADeletedEntry() {
        jdbi.useHandle(handle -> handle.execute("DELETE FROM audit_log WHERE seq = 2"));

        AuditLog.Verification verification = auditLog.verify();

        assertThat(verification.intact()).isFalse();
        assertThat(verification.firstBrokenSeq()).isEqualTo(3L);
    }

    @Test
    void noticesARehashedEntryBecauseTheNextLinkNoLongerMatches() {
        jdbi.useHandle(handle -> {
            String previous = handle.createQuery("SELECT prev_hash FROM audit_log WHERE seq = 2")
                    .mapTo(String.class).one();
            long at = handle.createQuery("SELECT at FROM audit_log WHERE seq = 2").mapTo(Long.class).one();
            String forged = AuditLog.hash(previous, AuditLog.canonical(2, at, "chen-jian", "ledger.accept",
                    "complex:jinxiu", "{\"line\":42}"));
            handle.createUpdate("UPDATE audit_log SET detail = '{\"line\":42}', hash = :hash WHERE seq = 2")
                    .bind("hash", forged).execute();
        });

        AuditLog.Verification verification = auditLog.verify();

        assertThat(verification.intact()).isFalse();
        assertThat(verification.firstBrokenSeq()).isEqualTo(3L);
    }

    @Test
    void writesCanonicalJsonWithSortedKeysAndEscapes() {
        String json = Canonical.json(Map.of("b", 2, "a", "引号\"和\n换行", "c", java.util.List.of(true)));

        assertThat(json).isEqualTo("{\"a\":\"引号\\\"和\\n换行\",\"b\":2,\"c\":[true]}");
    }
}
