package org.sunlight.channel.mp;

import java.time.Clock;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import me.chanjar.weixin.common.error.WxErrorException;
import me.chanjar.weixin.mp.api.WxMpService;
import me.chanjar.weixin.mp.bean.kefu.WxMpKefuMessage;
import me.chanjar.weixin.mp.bean.template.WxMpTemplateData;
import me.chanjar.weixin.mp.bean.template.WxMpTemplateMessage;
import org.sunlight.channel.Channel;
import org.sunlight.channel.DeliveryException;
import org.sunlight.channel.OutboxItem;
import org.sunlight.channel.wecom.WeComApi;

/**
 * The Official Account. A target {@code template:<openid>} sends the "your question was answered"
 * template message (body: JSON made by {@link MpNotifications}); a plain openid target sends a
 * customer-service text reply, which WeChat accepts only within 48 hours of the follower's last
 * message (45015 then parks it as dead with that reason). Thread-safe.
 */
public final class MpChannel implements Channel {

    public static final String TEMPLATE_PREFIX = "template:";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WxMpService service;
    private final Optional<String> templateId;
    private final Clock clock;

    public MpChannel(WxMpService service, Optional<String> templateId, Clock clock) {
        this.service = service;
        this.templateId = templateId;
        this.clock = clock;
    }

    @Override
    public String name() {
        return MpInbound.CHANNEL;
    }

    @Override
    public void deliver(OutboxItem item) throws DeliveryException {
        try {
            if (item.target().startsWith(TEMPLATE_PREFIX)) {
                sendTemplate(item.target().substring(TEMPLATE_PREFIX.length()), item.body());
            } else {
                service.getKefuService().sendKefuMessage(WxMpKefuMessage.TEXT().toUser(item.target())
                        .content(item.body()).build());
            }
        } catch (WxErrorException e) {
            if (e.getError().getErrorCode() == 45015) {
                throw new DeliveryException("公众号: more than 48 hours since the follower's last message; "
                        + "WeChat no longer accepts a customer-service reply", false);
            }
            throw WeComApi.failure(e, item, clock);
        } catch (RuntimeException e) {
            throw WeComApi.failure(e, item, clock);
        }
    }

    private void sendTemplate(String openId, String body) throws WxErrorException, DeliveryException {
        String template = templateId.orElseThrow(() -> new DeliveryException(
                "mp-template-id is not configured; template messages cannot be sent", false));
        JsonNode fields;
        try {
            fields = JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new DeliveryException("template body is not JSON", false);
        }
        WxMpTemplateMessage message = WxMpTemplateMessage.builder().toUser(openId).templateId(template)
                .url(fields.path("url").asText(null)).build();
        fields.path("data").fields().forEachRemaining(entry ->
                message.addData(new WxMpTemplateData(entry.getKey(), entry.getValue().asText())));
        service.getTemplateMsgService().sendTemplateMsg(message);
    }
}
