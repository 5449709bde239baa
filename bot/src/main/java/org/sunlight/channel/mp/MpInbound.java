package org.sunlight.channel.mp;

import java.time.Clock;
import java.util.Map;

import org.sunlight.channel.Conversation;
import org.sunlight.channel.InboundMessage;
import org.sunlight.channel.callback.CallbackEvents;
import org.sunlight.channel.callback.CallbackRejected;
import org.sunlight.conversation.InboundPipeline;

/**
 * Followers' messages to the Official Account: text goes into the inbound pipeline (deduplicated
 * by MsgId), with the time of the follower's last message kept for the 48-hour customer-service
 * window; events are remembered by sender + CreateTime and otherwise ignored. Thread-safe.
 */
public final class MpInbound {

    public static final String CHANNEL = "mp";

    private final InboundPipeline pipeline;
    private final CallbackEvents events;
    private final Clock clock;

    public MpInbound(InboundPipeline pipeline, CallbackEvents events, Clock clock) {
        this.pipeline = pipeline;
        this.events = events;
        this.clock = clock;
    }

    public void accept(Map<String, String> fields) {
        String openId = fields.get("FromUserName");
        if (openId == null || openId.isEmpty()) {
            throw new CallbackRejected(400, "FromUserName missing");
        }
        String type = fields.getOrDefault("MsgType", "");
        if ("event".equals(type)) {
            events.firstTime(CHANNEL, CallbackEvents.eventKey(fields));
            return;
        }
        if (!"text".equals(type)) {
            return;
        }
        String msgId = fields.get("MsgId");
        if (msgId == null || msgId.isEmpty()) {
            throw new CallbackRejected(400, "MsgId missing");
        }
        pipeline.accept(new InboundMessage(msgId, new Conversation(CHANNEL, openId, false, null), openId,
                fields.getOrDefault("Content", ""), clock.instant()));
    }
}
