package org.sunlight.channel.wecom;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jdbi.v3.core.Jdbi;
import org.sunlight.channel.Channel;
import org.sunlight.channel.DeliveryException;
import org.sunlight.channel.OutboxItem;

/**
 * Replies to owners through 微信客服 ({@code kf/send_msg}), target {@code open_kfid/external_userid}.
 * WeChat allows them only within 48 hours of the customer's last message and at most 5 per
 * message; outside that the reply is parked as dead with the reason (the answer is still on the
 * public page). The outbox id is sent as the message's msgid. Thread-safe.
 */
public final class WeComKfChannel implements Channel {

    private final WeComApi api;
    private final Jdbi jdbi;
    private final Clock clock;

    public WeComKfChannel(WeComApi api, Jdbi jdbi, Clock clock) {
        this.api = api;
        this.jdbi = jdbi;
        this.clock = clock;
    }

    @Override
    public String name() {
        return WeComKf.CHANNEL;
    }

    @Override
    public void deliver(OutboxItem item) throws DeliveryException {
        int slash = item.target().indexOf('/');
        if (slash <= 0) {
            throw new DeliveryException("微信客服 target must be open_kfid/external_userid", false);
        }
        String openKfId = item.target().substring(0, slash);
        String customer = item.target().substring(slash + 1);
        Optional<Map<String, Object>> window = jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT last_message_at, replies_since FROM wecom_kf_customer WHERE open_kfid = :kf "
                                + "AND external_userid = :customer").bind("kf", openKfId).bind("customer", customer)
                .mapToMap().findOne());
        if (window.isEmpty()) {
            throw new DeliveryException("微信客服: this customer never wrote, so no reply is allowed", false);
        }
        long last = ((Number) window.get().get("last_message_at")).longValue();
        if (clock.millis() - last > WeComKf.REPLY_WINDOW.toMillis()) {
            throw new DeliveryException("微信客服: more than 48 hours since the customer's last message; "
                    + "WeChat no longer accepts a reply", false);
        }
        if (((Number) window.get().get("replies_since")).intValue() >= WeComKf.MAX_REPLIES) {
            throw new DeliveryException("微信客服: already " + WeComKf.MAX_REPLIES
                    + " replies since the customer's last message", false);
        }
        ObjectNode body = WeComApi.object().put("touser", customer).put("open_kfid", openKfId)
                .put("msgid", "sunlight-" + item.id()).put("msgtype", "text");
        body.putObject("text").put("content", item.body());
        try {
            api.post("/cgi-bin/kf/send_msg", body);
        } catch (Exception e) {
            throw WeComApi.failure(e, item, clock);
        }
        jdbi.useHandle(handle -> handle.createUpdate("UPDATE wecom_kf_customer SET replies_since = replies_since + 1 "
                + "WHERE open_kfid = :kf AND external_userid = :customer").bind("kf", openKfId)
                .bind("customer", customer).execute());
    }
}
