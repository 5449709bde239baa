package org.sunlight.channel.wecom;

import java.time.Clock;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jdbi.v3.core.Jdbi;
import org.sunlight.channel.Channel;
import org.sunlight.channel.DeliveryException;
import org.sunlight.channel.OutboxItem;

/**
 * Posts into owners' groups (customer groups of personal-WeChat owners) with
 * {@code add_msg_template}, {@code chat_type=group}. WeChat only creates a task: the staff member
 * who owns the group must confirm it in WeCom before owners see anything, so "sent" here means
 * "task created"; {@link GroupMessageTracker} follows the confirmation. The task's msgid is
 * recorded against the outbox id, so a retry after a crash never creates a second task.
 * Thread-safe.
 */
public final class WeComCustomerGroupChannel implements Channel {

    /** add_msg_template's text limit. */
    public static final int MAX_TEXT_BYTES = 4000;

    private final WeComApi api;
    private final WeComGroups groups;
    private final Jdbi jdbi;
    private final Clock clock;

    public WeComCustomerGroupChannel(WeComApi api, WeComGroups groups, Jdbi jdbi, Clock clock) {
        this.api = api;
        this.groups = groups;
        this.jdbi = jdbi;
        this.clock = clock;
    }

    @Override
    public String name() {
        return WeComGroups.CHANNEL;
    }

    @Override
    public void deliver(OutboxItem item) throws DeliveryException {
        boolean created = jdbi.withHandle(handle -> handle.createQuery("SELECT count(*) FROM wecom_group_message "
                + "WHERE outbox_id = :id").bind("id", item.id()).mapTo(Integer.class).one() > 0);
        if (created) {
            return;
        }
        String chatId = item.target();
        String text = text(item);
        if (RobotMessages.bytes(text) > MAX_TEXT_BYTES) {
            text = RobotMessages.split(text, MAX_TEXT_BYTES - 16).get(0) + "\n……（全文见公示页）";
        }
        try {
            Optional<WeComGroups.Binding> binding = groups.bindingOf(chatId);
            String sender = binding.isPresent() ? binding.get().ownerUserId() : groups.ownerOf(chatId).orElseThrow(
                    () -> new DeliveryException("customer group " + chatId + " has no owner", false));
            ObjectNode request = WeComApi.object().put("chat_type", "group").put("sender", sender);
            request.putArray("chat_id_list").add(chatId);
            request.putObject("text").put("content", text);
            JsonNode response = api.post("/cgi-bin/externalcontact/add_msg_template", request);
            if (response.path("fail_list").size() > 0 || response.path("msgid").asText().isEmpty()) {
                throw new DeliveryException("customer group " + chatId + " cannot receive mass messages "
                        + "(fail_list " + response.path("fail_list") + ")", false);
            }
            Long complexId = binding.map(WeComGroups.Binding::complexId).or(() -> groups.complexOf(chatId))
                    .orElse(null);
            jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO wecom_group_message (outbox_id, msgid, chat_id, "
                            + "sender, complex_id, created_at) VALUES (:id, :msgid, :chat, :sender, :complex, :now)")
                    .bind("id", item.id()).bind("msgid", response.path("msgid").asText()).bind("chat", chatId)
                    .bind("sender", sender).bind("complex", complexId).bind("now", clock.millis()).execute());
        } catch (Exception e) {
            throw WeComApi.failure(e, item, clock);
        }
    }

    private static String text(OutboxItem item) throws DeliveryException {
        if ("image".equals(item.format())) {
            if (item.body().startsWith("http://") || item.body().startsWith("https://")) {
                return item.body();
            }
            throw new DeliveryException("customer groups take text only; publish the chart on the page", false);
        }
        return item.body();
    }
}
