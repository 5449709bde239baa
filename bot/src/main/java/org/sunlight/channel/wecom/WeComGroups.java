package org.sunlight.channel.wecom;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import me.chanjar.weixin.common.error.WxErrorException;
import org.jdbi.v3.core.Jdbi;
import org.sunlight.app.Rejected;
import org.sunlight.audit.AuditLog;
import org.sunlight.audit.Canonical;
import org.sunlight.registry.ChannelBinding;
import org.sunlight.registry.ComplexView;
import org.sunlight.registry.Registry;

/**
 * The corp's customer groups (客户群) and which complex each is the owners' group of. Listing
 * uses {@code groupchat/list} and {@code groupchat/get}; binding records the group (and the staff
 * member who owns it, the one who must confirm each post) and the complex's {@code owners}
 * binding on {@code wecom-customer-group}, audited, in one transaction. Bindings made here are
 * re-applied after every deployment load unless the deployment file names a group itself.
 * Thread-safe.
 */
public final class WeComGroups {

    public static final String CHANNEL = "wecom-customer-group";

    private final WeComApi api;
    private final Jdbi jdbi;
    private final Registry registry;
    private final AuditLog auditLog;
    private final Clock clock;

    public WeComGroups(WeComApi api, Jdbi jdbi, Registry registry, AuditLog auditLog, Clock clock) {
        this.api = api;
        this.jdbi = jdbi;
        this.registry = registry;
        this.auditLog = auditLog;
        this.clock = clock;
    }

    /** A customer group, with the complex it is bound to, if any. */
    public record Group(String chatId, String name, String owner, String boundComplexCode) {
    }

    /** A binding made here. */
    public record Binding(long complexId, String chatId, String ownerUserId, String name) {
    }

    /** Every customer group of the corp (groupchat/list, then groupchat/get for name and owner). */
    public List<Group> list() {
        Map<String, String> boundCodes = new LinkedHashMap<>();
        for (Binding binding : bindings()) {
            registry.complex(binding.complexId()).ifPresent(complex ->
                    boundCodes.put(binding.chatId(), complex.complex().code()));
        }
        List<Group> groups = new ArrayList<>();
        try {
            String cursor = "";
            do {
                ObjectNode request = WeComApi.object().put("status_filter", 0).put("limit", 1000);
                if (!cursor.isEmpty()) {
                    request.put("cursor", cursor);
                }
                JsonNode page = api.post("/cgi-bin/externalcontact/groupchat/list", request);
                for (JsonNode chat : page.path("group_chat_list")) {
                    JsonNode detail = detail(chat.path("chat_id").asText());
                    groups.add(new Group(detail.path("chat_id").asText(), detail.path("name").asText(""),
                            detail.path("owner").asText(""), boundCodes.get(detail.path("chat_id").asText())));
                }
                cursor = page.path("next_cursor").asText("");
            } while (!cursor.isEmpty());
        } catch (WxErrorException e) {
            throw Rejected.invalid("企业微信返回错误 " + e.getError().getErrorCode() + "，无法列出客户群");
        } catch (RuntimeException e) {
            throw Rejected.invalid("暂时无法连接企业微信，请稍后再试");
        }
        return groups;
    }

    private JsonNode detail(String chatId) throws WxErrorException {
        return api.post("/cgi-bin/externalcontact/groupchat/get", WeComApi.object().put("chat_id", chatId)
                .put("need_name", 1)).path("group_chat");
    }

    /** Binds a customer group as a complex's owners' group. */
    public Binding bind(String complexCode, String chatId, String actor) {
        ComplexView complex = registry.complexByCode(complexCode).orElseThrow(() ->
                Rejected.notFound("没有代码为 " + complexCode + " 的小区"));
        JsonNode detail;
        try {
            detail = detail(chatId);
        } catch (WxErrorException e) {
            throw Rejected.invalid("企业微信中找不到客户群 " + chatId + "（错误 " + e.getError().getErrorCode() + "）");
        } catch (RuntimeException e) {
            throw Rejected.invalid("暂时无法连接企业微信，请稍后再试");
        }
        Binding binding = new Binding(complex.complex().id(), chatId, detail.path("owner").asText(),
                detail.path("name").asText(""));
        if (binding.ownerUserId().isEmpty()) {
            throw Rejected.invalid("客户群 " + chatId + " 没有群主，无法发送群发消息");
        }
        jdbi.useTransaction(handle -> {
            Optional<Long> other = handle.createQuery("SELECT complex_id FROM wecom_group_binding "
                    + "WHERE chat_id = :chat AND complex_id != :complex").bind("chat", chatId)
                    .bind("complex", binding.complexId())
                    .mapTo(Long.class).findOne();
            if (other.isPresent()) {
                throw Rejected.conflict("客户群 " + chatId + " 已绑定到另一个小区");
            }
            handle.createUpdate("INSERT INTO wecom_group_binding (complex_id, chat_id, owner_userid, name, "
                            + "bound_at, bound_by) VALUES (:complex, :chat, :owner, :name, :now, :actor) "
                            + "ON CONFLICT (complex_id) DO UPDATE SET chat_id = excluded.chat_id, "
                            + "owner_userid = excluded.owner_userid, "
                            + "name = excluded.name, bound_at = excluded.bound_at, bound_by = excluded.bound_by")
                    .bind("complex", binding.complexId()).bind("chat", chatId).bind("owner", binding.ownerUserId())
                    .bind("name", binding.name()).bind("now", clock.millis()).bind("actor", actor).execute();
            upsertOwnersBinding(handle, binding, true);
            Map<String, Object> audit = new LinkedHashMap<>();
            audit.put("complex", complexCode);
            audit.put("chatId", chatId);
            audit.put("owner", binding.ownerUserId());
            auditLog.append(actor, "wecom.group.bind", "complex:" + complexCode, Canonical.json(audit));
        });
        return binding;
    }

    private static void upsertOwnersBinding(org.jdbi.v3.core.Handle handle, Binding binding, boolean replace) {
        handle.createUpdate("INSERT INTO channel_binding (scope, scope_id, purpose, channel, target) VALUES "
                        + "('complex', :complex, :purpose, :channel, :chat) "
                        + "ON CONFLICT (scope, scope_id, purpose, channel) "
                        + (replace ? "DO UPDATE SET target = excluded.target" : "DO NOTHING"))
                .bind("complex", binding.complexId()).bind("purpose", ChannelBinding.OWNERS).bind("channel", CHANNEL)
                .bind("chat", binding.chatId()).execute();
    }

    /** Restores bindings made here that a deployment load removed (the file's own bindings win). */
    public int reapply() {
        return jdbi.inTransaction(handle -> {
            int restored = 0;
            for (Binding binding : bindings()) {
                int before = handle.createQuery("SELECT count(*) FROM channel_binding WHERE scope = 'complex' AND "
                                + "scope_id = :complex AND purpose = :purpose AND channel = :channel")
                        .bind("complex", binding.complexId()).bind("purpose", ChannelBinding.OWNERS)
                        .bind("channel", CHANNEL).mapTo(Integer.class).one();
                if (before == 0) {
                    upsertOwnersBinding(handle, binding, false);
                    restored++;
                }
            }
            return restored;
        });
    }

    public List<Binding> bindings() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT complex_id, chat_id, owner_userid, name FROM "
                        + "wecom_group_binding ORDER BY complex_id")
                .map((rs, ctx) -> new Binding(rs.getLong("complex_id"), rs.getString("chat_id"),
                        rs.getString("owner_userid"), rs.getString("name"))).list());
    }

    Optional<Binding> bindingOf(String chatId) {
        return bindings().stream().filter(binding -> binding.chatId().equals(chatId)).findFirst();
    }

    /** The group's owner per WeCom, for groups bound in the deployment file rather than here. */
    Optional<String> ownerOf(String chatId) throws WxErrorException {
        String owner = detail(chatId).path("owner").asText("");
        return owner.isEmpty() ? Optional.empty() : Optional.of(owner);
    }

    /** The complex whose owners' group this chat is, per the bindings. */
    Optional<Long> complexOf(String chatId) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT scope_id FROM channel_binding WHERE scope = "
                        + "'complex' AND purpose = :purpose AND channel = :channel AND target = :chat")
                .bind("purpose", ChannelBinding.OWNERS).bind("channel", CHANNEL).bind("chat", chatId)
                .mapTo(Long.class).findFirst());
    }
}
