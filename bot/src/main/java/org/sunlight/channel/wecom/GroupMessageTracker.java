package org.sunlight.channel.wecom;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sunlight.escalation.Escalations;
import org.sunlight.escalation.Tier;
import org.sunlight.registry.ComplexView;
import org.sunlight.registry.Registry;
import org.sunlight.templates.Templates;

/**
 * Follows customer-group posts until the owning staff member confirms them
 * ({@code get_groupmsg_send_result}): after {@code wecom-group-remind-hours} WeCom reminds them
 * ({@code remind_groupmsg_send}), and after {@code wecom-group-late-hours} an unconfirmed post
 * surfaces as a late disclosure at the community tier — a statement the owners never saw is not
 * disclosed. State-based and idempotent: safe to run at any time, any number of times. Thread-safe.
 */
public final class GroupMessageTracker {

    public static final String KIND = "unconfirmed-disclosure";
    private static final Logger LOG = LoggerFactory.getLogger(GroupMessageTracker.class);

    private final WeComApi api;
    private final Jdbi jdbi;
    private final Escalations escalations;
    private final Registry registry;
    private final Templates templates;
    private final Clock clock;
    private final Duration remindAfter;
    private final Duration lateAfter;

    public GroupMessageTracker(WeComApi api, Jdbi jdbi, Escalations escalations, Registry registry,
                               Templates templates, Clock clock, Duration remindAfter, Duration lateAfter) {
        this.api = api;
        this.jdbi = jdbi;
        this.escalations = escalations;
        this.registry = registry;
        this.templates = templates;
        this.clock = clock;
        this.remindAfter = remindAfter;
        this.lateAfter = lateAfter;
    }

    /** One pass over the unconfirmed posts; returns how many are still unconfirmed. */
    public int poll() {
        List<Map<String, Object>> open = jdbi.withHandle(handle -> handle.createQuery("SELECT m.*, o.body FROM "
                + "wecom_group_message m JOIN outbox o ON o.id = m.outbox_id WHERE m.confirmed_at IS NULL "
                + "ORDER BY m.created_at").mapToMap().list());
        int unconfirmed = 0;
        for (Map<String, Object> row : open) {
            try {
                if (!check(row)) {
                    unconfirmed++;
                }
            } catch (Exception e) {
                unconfirmed++;
                LOG.warn("customer-group post {} not checked: {}", row.get("msgid"), WeComApi.classify(e).getMessage());
            }
        }
        return unconfirmed;
    }

    private boolean check(Map<String, Object> row) throws Exception {
        String msgId = (String) row.get("msgid");
        String chatId = (String) row.get("chat_id");
        JsonNode result = api.post("/cgi-bin/externalcontact/get_groupmsg_send_result", WeComApi.object()
                .put("msgid", msgId).put("userid", (String) row.get("sender")).put("limit", 1000));
        for (JsonNode sent : result.path("send_list")) {
            if (sent.path("chat_id").asText().equals(chatId) && sent.path("status").asInt() == 1) {
                long at = sent.path("send_time").asLong(clock.millis() / 1000) * 1000;
                jdbi.useHandle(handle -> handle.createUpdate("UPDATE wecom_group_message SET confirmed_at = :at "
                        + "WHERE msgid = :msgid").bind("at", at).bind("msgid", msgId).execute());
                return true;
            }
        }
        Instant now = clock.instant();
        Instant created = Instant.ofEpochMilli(((Number) row.get("created_at")).longValue());
        if (row.get("reminded_at") == null && !now.isBefore(created.plus(remindAfter))) {
            api.post("/cgi-bin/externalcontact/remind_groupmsg_send", WeComApi.object().put("msgid", msgId));
            jdbi.useHandle(handle -> handle.createUpdate("UPDATE wecom_group_message SET reminded_at = :now "
                    + "WHERE msgid = :msgid").bind("now", now.toEpochMilli()).bind("msgid", msgId).execute());
        }
        Object complexId = row.get("complex_id");
        if (row.get("late_disclosed_at") == null && complexId != null && !now.isBefore(created.plus(lateAfter))) {
            surfaceLate(((Number) complexId).longValue(), msgId, (String) row.get("sender"), created,
                    (String) row.get("body"));
        }
        return false;
    }

    private void surfaceLate(long complexId, String msgId, String sender, Instant created, String body) {
        ComplexView complex = registry.complex(complexId).orElseThrow();
        Map<String, Object> model = Map.of("complex", complex.complex().name(), "sender", sender,
                "createdAt", created, "hours", lateAfter.toHours(),
                "excerpt", body.length() > 80 ? body.substring(0, 80) + "…" : body);
        jdbi.useTransaction(handle -> {
            escalations.open(new Escalations.Opening(complexId, KIND, "groupmsg:" + msgId, Tier.COMMUNITY,
                    templates.chat("wecom-unconfirmed-title", model).strip(),
                    templates.chat("wecom-unconfirmed-detail", model).strip(), "system"));
            handle.createUpdate("UPDATE wecom_group_message SET late_disclosed_at = :now WHERE msgid = :msgid")
                    .bind("now", clock.millis()).bind("msgid", msgId).execute();
        });
    }
}
