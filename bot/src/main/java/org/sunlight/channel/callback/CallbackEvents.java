package org.sunlight.channel.callback;

import java.time.Clock;

import org.jdbi.v3.core.Jdbi;

/**
 * Remembers callback events (which carry no MsgId) by sender + CreateTime, so WeChat's retries
 * of an event are recognised across restarts. Joins the caller's transaction. Thread-safe.
 */
public final class CallbackEvents {

    private final Jdbi jdbi;
    private final Clock clock;

    public CallbackEvents(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** True the first time this event is seen. */
    public boolean firstTime(String channel, String dedupKey) {
        return jdbi.inTransaction(handle -> handle.createUpdate("INSERT INTO wechat_callback_event (channel, "
                        + "dedup_key, received_at) VALUES (:channel, :key, :now) ON CONFLICT DO NOTHING")
                .bind("channel", channel).bind("key", dedupKey).bind("now", clock.millis()).execute() > 0);
    }

    /** The dedup key of an event: FromUserName + CreateTime. */
    public static String eventKey(java.util.Map<String, String> fields) {
        return fields.getOrDefault("FromUserName", "") + ":" + fields.getOrDefault("CreateTime", "");
    }
}
