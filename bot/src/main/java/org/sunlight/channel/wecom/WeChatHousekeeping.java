package org.sunlight.channel.wecom;

import java.time.Duration;
import java.time.Instant;

import org.jdbi.v3.core.Jdbi;

/**
 * Keeps the WeChat bookkeeping tables small. Remembered callback events older than a day can go:
 * a replay that old is refused by the ±5-minute timestamp window anyway. Robot sends older than a
 * day can go once their message is settled: the rate limit looks back one minute, and only a
 * pending message needs to know which of its parts were accepted. Thread-safe.
 */
public final class WeChatHousekeeping {

    static final Duration KEEP = Duration.ofDays(1);

    private final Jdbi jdbi;

    public WeChatHousekeeping(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Deletes what is no longer needed; returns how many rows. */
    public int run(Instant now) {
        long before = now.minus(KEEP).toEpochMilli();
        return jdbi.inTransaction(handle -> handle.createUpdate("DELETE FROM wechat_callback_event "
                        + "WHERE received_at < :before").bind("before", before).execute()
                + handle.createUpdate("DELETE FROM wecom_robot_send WHERE sent_at < :before AND outbox_id IN "
                        + "(SELECT id FROM outbox WHERE state != 'pending')").bind("before", before).execute());
    }
}
