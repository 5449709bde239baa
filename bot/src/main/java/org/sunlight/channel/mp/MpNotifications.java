package org.sunlight.channel.mp;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.sunlight.channel.Outbox;
import org.sunlight.channel.OutboundMessage;
import org.sunlight.templates.Formats;
import org.sunlight.templates.Templates;

/**
 * Notifications to Official Account followers, queued in the outbox (in the caller's
 * transaction). The template configured as {@code mp-template-id} must have the fields
 * {@code first}, {@code keyword1} (the question), {@code keyword2} (answered at) and {@code remark}.
 * Thread-safe.
 */
public final class MpNotifications {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(Formats.ZONE);

    private final Outbox outbox;
    private final Templates templates;

    public MpNotifications(Outbox outbox, Templates templates) {
        this.outbox = outbox;
        this.templates = templates;
    }

    /** Tells a follower their question was answered; once per question. */
    public long questionAnswered(String openId, String questionRef, String question, Instant answeredAt, String url) {
        ObjectNode body = JSON.createObjectNode().put("url", url);
        ObjectNode data = body.putObject("data");
        data.put("first", templates.chat("mp-answered-first", Map.of()).strip());
        data.put("keyword1", question.length() > 20 ? question.substring(0, 20) + "…" : question);
        data.put("keyword2", TIME.format(answeredAt));
        data.put("remark", templates.chat("mp-answered-remark", Map.of()).strip());
        return outbox.enqueue(new OutboundMessage("mp-answered:" + questionRef + ":" + openId, MpInbound.CHANNEL,
                MpChannel.TEMPLATE_PREFIX + openId, OutboundMessage.Format.TEXT, body.toString()));
    }
}
