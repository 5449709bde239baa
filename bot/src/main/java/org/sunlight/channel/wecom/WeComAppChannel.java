package org.sunlight.channel.wecom;

import java.time.Clock;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.sunlight.channel.Channel;
import org.sunlight.channel.DeliveryException;
import org.sunlight.channel.OutboxItem;

/**
 * Replies to staff through the self-built app ({@code message/send}, target = WeCom userid).
 * WeCom's duplicate check (same content to the same user within 30 minutes is dropped) covers
 * the crash window between WeChat accepting and the outbox marking the message sent. Thread-safe.
 */
public final class WeComAppChannel implements Channel {

    private final WeComApi api;
    private final int agentId;
    private final Clock clock;

    public WeComAppChannel(WeComApi api, int agentId, Clock clock) {
        this.api = api;
        this.agentId = agentId;
        this.clock = clock;
    }

    @Override
    public String name() {
        return WeComAppInbound.CHANNEL;
    }

    @Override
    public void deliver(OutboxItem item) throws DeliveryException {
        for (String part : RobotMessages.split(item.body(), RobotMessages.TEXT_MAX_BYTES)) {
            ObjectNode body = WeComApi.object().put("touser", item.target()).put("agentid", agentId)
                    .put("enable_duplicate_check", 1).put("duplicate_check_interval", 1800);
            if ("markdown".equals(item.format())) {
                body.put("msgtype", "markdown").putObject("markdown").put("content", part);
            } else {
                body.put("msgtype", "text").putObject("text").put("content", part);
            }
            try {
                api.post("/cgi-bin/message/send", body);
            } catch (Exception e) {
                throw WeComApi.failure(e, item, clock);
            }
        }
    }
}
