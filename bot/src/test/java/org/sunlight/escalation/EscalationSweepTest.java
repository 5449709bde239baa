package org.sunlight.escalation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sunlight.app.Sunlight;
import org.sunlight.app.TestSunlight;
import org.sunlight.audit.AuditEntry;
import org.sunlight.registry.ComplexView;

/**
 * The sweep over more items than one page and more complexes than it reads one by one: every
 * item climbs once with its event, audit entry and messages, each tier's deadline comes from the
 * settings of the item's own community, and a second run changes nothing.
 */
class EscalationSweepTest {

    private static final int COMPLEXES = 40;
    private static final int ITEMS_PER_COMPLEX = 13;

    @TempDir
    Path directory;

    @Test
    void aSweepOverSeveralPagesAndManyComplexesEscalatesEachOverdueItemOnceWithItsOwnCommunitysDeadline() {
        Instant now = TestSunlight.NOW;
        try (Sunlight sunlight = TestSunlight.create(directory)) {
            Ids ids = sunlight.jdbi().inTransaction(handle -> plant(handle, now));

            EscalationSweep.Result first = sunlight.escalationSweep().run(now);
            EscalationSweep.Result second = sunlight.escalationSweep().run(now);

            int items = COMPLEXES * ITEMS_PER_COMPLEX;
            assertThat(items).isGreaterThan(EscalationSweep.BATCH);
            assertThat(first).isEqualTo(new EscalationSweep.Result(items, 1, 1));
            assertThat(second).isEqualTo(new EscalationSweep.Result(0, 0, 0));

            for (long id = ids.firstItem(); id < ids.firstItem() + items; id++) {
                EscalationItem item = sunlight.escalations().item(id).orElseThrow();
                ComplexView complex = sunlight.registry().complex(item.complexId()).orElseThrow();
                assertThat(item.tier()).isEqualTo(Tier.COMMUNITY.level());
                assertThat(item.tierReceivedAt()).isEqualTo(now.minus(Duration.ofHours(1)));
                assertThat(item.missedDeadlines()).isEqualTo(1);
                // The same deadline the one-by-one path reads from the registry (dongyuan's own 2 days, else 5).
                assertThat(item.dueAt()).isEqualTo(sunlight.escalations().dueAt(complex, Tier.COMMUNITY,
                        item.tierReceivedAt()).orElseThrow());
                assertThat(sunlight.escalations().events(id)).singleElement().satisfies(event -> {
                    assertThat(event.action()).isEqualTo("escalated");
                    assertThat(event.fromTier()).isZero();
                    assertThat(event.toTier()).isEqualTo(1);
                });
            }
            EscalationItem east = sunlight.escalations().item(ids.firstItem()).orElseThrow();
            EscalationItem west = sunlight.escalations().item(ids.firstItem() + 1).orElseThrow();
            assertThat(east.dueAt()).isBefore(west.dueAt());

            long eventId = sunlight.escalations().events(east.id()).get(0).id();
            List<AuditEntry> audit = sunlight.auditLog().entriesFor("escalation:" + east.id());
            assertThat(audit).singleElement().satisfies(entry -> {
                assertThat(entry.action()).isEqualTo("escalation.escalated");
                assertThat(entry.detail()).contains("\"event\":" + eventId);
            });
            assertThat(sunlight.auditLog().verify().intact()).isTrue();

            // Dongyuan has a community group, the west community has none; every complex has an owners' group.
            int eastItems = COMPLEXES / 2 * ITEMS_PER_COMPLEX;
            assertThat(count(sunlight, "escalation:%:event:%:tier:sandbox")).isEqualTo(eastItems);
            assertThat(count(sunlight, "escalation:%:event:%:owners:sandbox")).isEqualTo(items);
            assertThat(body(sunlight, "escalation:" + east.id() + ":event:" + eventId + ":tier:sandbox"))
                    .startsWith("【社区待办 #" + east.id() + "】扫描小区0").contains("上报原因：业委会/物业未在期限内处理");
            assertThat(body(sunlight, "escalation:" + east.id() + ":event:" + eventId + ":owners:sandbox"))
                    .startsWith("【事项进展】");
            assertThat(body(sunlight, "escalation:" + ids.answered() + ":closed-silently:sandbox"))
                    .startsWith("【事项办结】");
            assertThat(sunlight.escalations().item(ids.answered()).orElseThrow().state())
                    .isEqualTo(EscalationItem.RESOLVED);
            assertThat(count(sunlight, "escalation:" + ids.reminded() + ":remind:0:%")).isEqualTo(1);
            assertThat(sunlight.escalations().item(ids.reminded()).orElseThrow().remindAt()).isNull();
        }
    }

    /** The first bench item's id, the answered one and the one to remind. */
    private record Ids(long firstItem, long answered, long reminded) {
    }

    /**
     * Complexes alternating between dongyuan (community deadline overridden to 2 working days) and a
     * new community without a community group; overdue items at the complex tier, one answered item
     * past its closing time, one item due later whose reminder time has come (its committee has a group).
     */
    private static Ids plant(Handle handle, Instant now) {
        long dongyuan = handle.createQuery("SELECT id FROM community WHERE code = 'dongyuan'").mapTo(Long.class).one();
        long town = handle.createQuery("SELECT town_id FROM community WHERE id = :id").bind("id", dongyuan)
                .mapTo(Long.class).one();
        long west = handle.createUpdate("INSERT INTO community (town_id, code, name) VALUES (:town, 'sweep-west', "
                + "'扫描西社区')").bind("town", town).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
        handle.createUpdate("INSERT INTO setting (scope, scope_id, name, value) VALUES ('community', :id, "
                + "'communityDays', '2')").bind("id", dongyuan).execute();
        long firstItem = handle.createQuery("SELECT coalesce(max(id), 0) + 1 FROM escalation_item")
                .mapTo(Long.class).one();
        long overdue = now.minus(Duration.ofHours(1)).toEpochMilli();
        long opened = now.minus(Duration.ofDays(10)).toEpochMilli();
        long[] complexes = new long[COMPLEXES];
        for (int c = 0; c < COMPLEXES; c++) {
            complexes[c] = handle.createUpdate("INSERT INTO complex (community_id, code, name, households, "
                            + "fund_first_deposit_fen) VALUES (:community, :code, :name, 100, 0)")
                    .bind("community", c % 2 == 0 ? dongyuan : west).bind("code", "sweep-" + c)
                    .bind("name", "扫描小区" + c).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            handle.createUpdate("INSERT INTO channel_binding (scope, scope_id, purpose, channel, target) "
                            + "VALUES ('complex', :id, 'owners', 'sandbox', :target)")
                    .bind("id", complexes[c]).bind("target", "complex:sweep-" + c + ":owners").execute();
        }
        long id = firstItem;
        for (int i = 0; i < ITEMS_PER_COMPLEX; i++) {
            for (int c = 0; c < COMPLEXES; c++) {
                insertItem(handle, id++, complexes[c], overdue, null, null, opened);
            }
        }
        long answered = id++;
        insertItem(handle, answered, complexes[1], overdue, opened + 1000, null, opened);
        long reminded = id;
        handle.createUpdate("INSERT INTO channel_binding (scope, scope_id, purpose, channel, target) "
                + "VALUES ('complex', :id, 'committee', 'sandbox', 'complex:sweep-2:committee')")
                .bind("id", complexes[2]).execute();
        insertItem(handle, reminded, complexes[2], now.plus(Duration.ofDays(1)).toEpochMilli(), null,
                now.minus(Duration.ofMinutes(5)).toEpochMilli(), opened);
        return new Ids(firstItem, answered, reminded);
    }

    private static void insertItem(Handle handle, long id, long complexId, long due, Long answered, Long remind,
                                   long opened) {
        handle.createUpdate("INSERT INTO escalation_item (id, complex_id, kind, subject_ref, title, detail, tier, "
                        + "state, opened_at, tier_received_at, due_at, answered_at, remind_at) VALUES (:id, :complex, "
                        + "'question', :ref, '业主提问', '公共收益去哪了？', 0, 'open', :opened, :opened, :due, "
                        + ":answered, :remind)")
                .bind("id", id).bind("complex", complexId).bind("ref", "question:sweep-" + id).bind("opened", opened)
                .bind("due", due).bind("answered", answered).bind("remind", remind).execute();
    }

    private static int count(Sunlight sunlight, String keyPattern) {
        return sunlight.jdbi().withHandle(handle -> handle.createQuery("SELECT count(*) FROM outbox "
                + "WHERE idempotency_key LIKE :pattern").bind("pattern", keyPattern).mapTo(Integer.class).one());
    }

    private static String body(Sunlight sunlight, String key) {
        return sunlight.jdbi().withHandle(handle -> handle.createQuery("SELECT body FROM outbox "
                + "WHERE idempotency_key = :key").bind("key", key).mapTo(String.class).one());
    }
}
