package org.sunlight.bench;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

import org.jdbi.v3.core.Jdbi;
import org.sunlight.channel.wecom.WeChatConfig;
import org.sunlight.channel.wecom.WeComRobotChannel;

/**
 * Goal 3: replays the quarter close's outbox rows through the real robot budget
 * ({@link WeComRobotChannel#nextAllowedAt(String)}, counted from {@code wecom_robot_send}) on a
 * simulated clock: one worker, a fixed time per WeChat call, a message whose robot is over budget
 * postponed to when it may go (what the outbox worker does). Every complex's group has its own
 * robot in a real deployment; here one robot serves a whole community (25 groups), the worst case.
 */
final class DeliveryPlan {

    /** A clock the simulation moves. */
    static final class SimulatedClock extends Clock {
        private long millis;

        SimulatedClock(long millis) {
            this.millis = millis;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }

    record Outcome(int messages, int robots, long makespanMillis, int worstWindow) {
    }

    private record Due(long at, long outboxId, String robot) {
    }

    static Outcome simulate(Jdbi jdbi, long start, long callMillis) {
        List<Map<String, Object>> rows = jdbi.withHandle(handle -> handle.createQuery("SELECT o.id AS id, "
                + "'robot-' || c.community_id AS robot FROM outbox o JOIN channel_binding b ON b.target = o.target "
                + "AND b.scope = 'complex' AND b.purpose = 'owners' JOIN complex c ON c.id = b.scope_id "
                + "WHERE o.idempotency_key LIKE 'statement:bench-%' ORDER BY o.id").mapToMap().list());
        SimulatedClock clock = new SimulatedClock(start);
        WeComRobotChannel robots = new WeComRobotChannel(jdbi, WeChatConfig.resolve(
                Map.of("wecom-api-base-url", "http://127.0.0.1:9"), Map.of()), clock);
        PriorityQueue<Due> queue = new PriorityQueue<>((a, b) -> a.at() != b.at() ? Long.compare(a.at(), b.at())
                : Long.compare(a.outboxId(), b.outboxId()));
        for (Map<String, Object> row : rows) {
            queue.add(new Due(start, ((Number) row.get("id")).longValue(), (String) row.get("robot")));
        }
        long[] last = {start};
        // One transaction for the whole replay (the channel's reads join it): the simulation's own
        // bookkeeping need not wait for 20,000 fsyncs.
        jdbi.useTransaction(transaction -> replay(jdbi, robots, clock, queue, callMillis, last));
        int worst = jdbi.withHandle(handle -> handle.createQuery("SELECT coalesce(max(n), 0) FROM (SELECT "
                + "(SELECT count(*) FROM wecom_robot_send w WHERE w.robot = s.robot AND w.sent_at > s.sent_at - 60000 "
                + "AND w.sent_at <= s.sent_at) AS n FROM wecom_robot_send s)").mapTo(Integer.class).one());
        int robotCount = jdbi.withHandle(handle -> handle.createQuery("SELECT count(DISTINCT robot) FROM "
                + "wecom_robot_send").mapTo(Integer.class).one());
        return new Outcome(rows.size(), robotCount, last[0] - start + callMillis, worst);
    }

    private static void replay(Jdbi jdbi, WeComRobotChannel robots, SimulatedClock clock, PriorityQueue<Due> queue,
                               long callMillis, long[] last) {
        while (!queue.isEmpty()) {
            Due next = queue.poll();
            clock.millis = Math.max(clock.millis, next.at());
            Instant allowed = robots.nextAllowedAt(next.robot());
            if (allowed != null && allowed.toEpochMilli() > clock.millis) {
                queue.add(new Due(allowed.toEpochMilli(), next.outboxId(), next.robot()));
                continue;
            }
            long sentAt = clock.millis;
            jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO wecom_robot_send (outbox_id, part, robot, sent_at) "
                    + "VALUES (:id, 0, :robot, :at)").bind("id", next.outboxId()).bind("robot", next.robot())
                    .bind("at", sentAt).execute());
            last[0] = sentAt;
            clock.millis += callMillis;
        }
    }
}
