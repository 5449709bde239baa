package org.sunlight.channel.wecom;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sunlight.channel.Conversation;
import org.sunlight.channel.InboundMessage;
import org.sunlight.channel.callback.CallbackEvents;
import org.sunlight.channel.callback.CallbackRejected;
import org.sunlight.conversation.InboundPipeline;

/**
 * WeCom 微信客服: owners' private questions. The callback only says "there are messages"
 * ({@code kf_msg_or_event} with a Token); it is acknowledged once its token is stored, and the
 * messages are fetched afterwards with {@code sync_msg}, page by page, each page committed together
 * with the advanced cursor. Every customer message is deduplicated by its msgid in the inbound
 * pipeline, so a replayed event or a re-fetched page yields one question, not two. A stored token
 * survives a restart and is synced then. Thread-safe.
 */
public final class WeComKf implements AutoCloseable {

    public static final String CHANNEL = "wecom-kf";
    /** 微信客服 allows replies for 48 hours after the customer's last message. */
    public static final Duration REPLY_WINDOW = Duration.ofHours(48);
    /** ... and at most this many replies per customer message. */
    public static final int MAX_REPLIES = 5;
    private static final Logger LOG = LoggerFactory.getLogger(WeComKf.class);

    private final WeComApi api;
    private final Jdbi jdbi;
    private final InboundPipeline pipeline;
    private final CallbackEvents events;
    private final Clock clock;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "wecom-kf-sync");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean started;

    public WeComKf(WeComApi api, Jdbi jdbi, InboundPipeline pipeline, CallbackEvents events, Clock clock) {
        this.api = api;
        this.jdbi = jdbi;
        this.pipeline = pipeline;
        this.events = events;
        this.clock = clock;
    }

    /** The conversation target of a customer: {@code open_kfid/external_userid}. */
    public static String target(String openKfId, String externalUserId) {
        return openKfId + "/" + externalUserId;
    }

    /** Starts the background sync: pending tokens now (left by a crash), then every 30 s. */
    public void start() {
        started = true;
        executor.scheduleWithFixedDelay(this::syncPendingSafely, 0, 30, TimeUnit.SECONDS);
    }

    /** The callback: stores the event's token (deduplicated by sender + CreateTime + Token) and wakes the sync. */
    public void accept(Map<String, String> fields) {
        if (!"event".equals(fields.get("MsgType")) || !"kf_msg_or_event".equals(fields.get("Event"))) {
            return;
        }
        String openKfId = fields.get("OpenKfId");
        String token = fields.get("Token");
        if (openKfId == null || openKfId.isEmpty() || token == null || token.isEmpty()) {
            throw new CallbackRejected(400, "OpenKfId or Token missing");
        }
        boolean first = jdbi.inTransaction(handle -> {
            // The Token tells apart two events of one account in the same second; WeChat's retries repeat it.
            if (!events.firstTime(CHANNEL, CallbackEvents.eventKey(fields) + ":" + openKfId + ":" + token)) {
                return false;
            }
            handle.createUpdate("INSERT INTO wecom_kf_cursor (open_kfid, pending_token, updated_at) "
                            + "VALUES (:kf, :token, :now) ON CONFLICT (open_kfid) DO UPDATE SET "
                            + "pending_token = excluded.pending_token, updated_at = excluded.updated_at")
                    .bind("kf", openKfId).bind("token", token).bind("now", clock.millis()).execute();
            return true;
        });
        if (first && started) {
            executor.execute(this::syncPendingSafely);
        }
    }

    private void syncPendingSafely() {
        try {
            syncPending();
        } catch (RuntimeException e) {
            LOG.warn("微信客服 sync failed; will retry", e);
        }
    }

    /** Fetches every account's pending messages into the inbound pipeline; returns how many were new. */
    public synchronized int syncPending() {
        List<Map<String, Object>> pending = jdbi.withHandle(handle -> handle.createQuery(
                "SELECT open_kfid, next_cursor, pending_token FROM wecom_kf_cursor WHERE pending_token IS NOT NULL")
                .mapToMap().list());
        int accepted = 0;
        for (Map<String, Object> row : pending) {
            try {
                accepted += sync((String) row.get("open_kfid"), (String) row.get("next_cursor"),
                        (String) row.get("pending_token"));
            } catch (Exception e) {
                LOG.warn("微信客服 sync of {} failed: {}", row.get("open_kfid"), WeComApi.classify(e).getMessage());
            }
        }
        return accepted;
    }

    private int sync(String openKfId, String cursor, String token) throws Exception {
        int accepted = 0;
        String next = cursor;
        while (true) {
            ObjectNode request = WeComApi.object().put("token", token).put("limit", 1000).put("open_kfid", openKfId);
            if (next != null && !next.isEmpty()) {
                request.put("cursor", next);
            }
            JsonNode page = api.post("/cgi-bin/kf/sync_msg", request);
            String pageCursor = page.path("next_cursor").asText(next == null ? "" : next);
            boolean more = page.path("has_more").asInt() == 1;
            int[] pageAccepted = {0};
            jdbi.useTransaction(handle -> {
                for (JsonNode message : page.path("msg_list")) {
                    if (message.path("origin").asInt() != 3) {
                        continue; // 3 = sent by the customer; others are our own replies and system events
                    }
                    String customer = message.path("external_userid").asText();
                    long sentAt = message.path("send_time").asLong() * 1000;
                    handle.createUpdate("INSERT INTO wecom_kf_customer (open_kfid, external_userid, last_message_at, "
                                    + "replies_since) VALUES (:kf, :customer, :at, 0) ON CONFLICT (open_kfid, "
                                    + "external_userid) DO UPDATE SET last_message_at = excluded.last_message_at, "
                                    + "replies_since = 0 WHERE excluded.last_message_at > last_message_at")
                            .bind("kf", openKfId).bind("customer", customer).bind("at", sentAt).execute();
                    if (!"text".equals(message.path("msgtype").asText())) {
                        continue;
                    }
                    InboundPipeline.Accepted result = pipeline.accept(new InboundMessage(
                            message.path("msgid").asText(), new Conversation(CHANNEL, target(openKfId, customer), false,
                            null), customer, message.path("text").path("content").asText(), clock.instant()));
                    if (!result.duplicate()) {
                        pageAccepted[0]++;
                    }
                }
                handle.createUpdate("UPDATE wecom_kf_cursor SET next_cursor = :cursor, updated_at = :now, "
                                + "pending_token = CASE WHEN :done AND pending_token = :token THEN NULL "
                                + "ELSE pending_token END WHERE open_kfid = :kf")
                        .bind("cursor", pageCursor).bind("now", clock.millis()).bind("done", !more)
                        .bind("token", token).bind("kf", openKfId).execute();
            });
            accepted += pageAccepted[0];
            if (!more || pageCursor.equals(next)) {
                return accepted; // done, or a cursor that does not advance: stop rather than loop
            }
            next = pageCursor;
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
