package org.sunlight.channel.wecom;

import java.time.Clock;
import java.util.Map;

import org.sunlight.channel.Conversation;
import org.sunlight.channel.InboundMessage;
import org.sunlight.channel.callback.CallbackEvents;
import org.sunlight.channel.callback.CallbackRejected;
import org.sunlight.conversation.InboundPipeline;

/**
 * Staff's private messages to the WeCom self-built app (committee members and officers answering,
 * posting small ledger entries): text messages go into the inbound pipeline, deduplicated by
 * MsgId; events are remembered (sender + CreateTime) and otherwise ignored. Thread-safe.
 */
public final class WeComAppInbound {

    public static final String CHANNEL = "wecom-app";

    private final InboundPipeline pipeline;
    private final CallbackEvents events;
    private final Clock clock;

    public WeComAppInbound(InboundPipeline pipeline, CallbackEvents events, Clock clock) {
        this.pipeline = pipeline;
        this.events = events;
        this.clock = clock;
    }

    public void accept(Map<String, String> fields) {
        String type = fields.getOrDefault("MsgType", "");
        String sender = fields.get("FromUserName");
        if (sender == null || sender.isEmpty()) {
            throw new CallbackRejected(400, "FromUserName missing");
        }
        if ("event".equals(type)) {
            events.firstTime(CHANNEL, CallbackEvents.eventKey(fields));
            return;
        }
        if (!"text".equals(type)) {
            return; // pictures, voice, …: nothing the bot understands yet
        }
        String msgId = fields.get("MsgId");
        if (msgId == null || msgId.isEmpty()) {
            throw new CallbackRejected(400, "MsgId missing");
        }
        pipeline.accept(new InboundMessage(msgId, new Conversation(CHANNEL, sender, false, null), sender,
                fields.getOrDefault("Content", ""), clock.instant()));
    }
}
