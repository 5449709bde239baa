package org.sunlight.ledger;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.sunlight.app.Rejected;
import org.sunlight.channel.Conversation;
import org.sunlight.channel.OutboundMessage;
import org.sunlight.channel.Outbox;
import org.sunlight.channel.sandbox.SandboxChannel;
import org.sunlight.conversation.ChatCommand;
import org.sunlight.conversation.CommandContext;
import org.sunlight.registry.Role;
import org.sunlight.templates.Templates;

/**
 * {@code 记账} / {@code 上传} / {@code 台账}: sends committee or property staff a personal,
 * expiring link to upload a ledger or fill in the web form. Asked in a group, the link goes to the
 * person's private chat so nobody else can use it. With arguments ({@code 记账 2026Q1 支出 维修
 * 2026-03-15 1100.00 说明}) it checks a small public-revenue entry (a 补录), which {@code 确认记账} records.
 */
public final class LedgerCommand implements ChatCommand {

    private final UploadLinks links;
    private final LedgerService ledgers;
    private final Outbox outbox;
    private final Templates templates;
    private final String baseUrl;

    public LedgerCommand(UploadLinks links, LedgerService ledgers, Outbox outbox, Templates templates, String baseUrl) {
        this.links = links;
        this.ledgers = ledgers;
        this.outbox = outbox;
        this.templates = templates;
        this.baseUrl = baseUrl;
    }

    @Override
    public String key() {
        return "ledger";
    }

    @Override
    public List<String> names() {
        return List.of("记账", "上传", "台账", "ledger", "upload");
    }

    @Override
    public Set<Role> roles() {
        return Set.of(Role.COMMITTEE, Role.PROPERTY);
    }

    @Override
    public List<String> handle(CommandContext context) {
        if (context.person().isEmpty() || context.complex().isEmpty()) {
            return List.of(templates.chat("ledger-usage", Map.of("message",
                    "您在多个小区任职，请在要记账的小区群里发送“记账”。")));
        }
        if (!context.arguments().isBlank()) {
            return List.of(entry(context));
        }
        String token = links.issue(context.person().get().id(), context.complex().get().complex().id());
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("name", context.person().get().name());
        model.put("complexName", context.complex().get().complex().name());
        model.put("link", baseUrl + "/ledger/upload?token=" + token);
        model.put("hours", UploadLinks.LIFETIME.toHours());
        String text = templates.chat("ledger-link", model);
        if (!context.conversation().group()) {
            return List.of(text);
        }
        Conversation conversation = context.conversation();
        String privateTarget = SandboxChannel.NAME.equals(conversation.channel())
                ? "private:" + context.sender() : context.sender();
        outbox.enqueue(new OutboundMessage("ledger-link:" + context.inboundId(), conversation.channel(), privateTarget,
                OutboundMessage.Format.TEXT, text));
        return List.of(templates.chat("ledger-link-sent", Map.of("name", context.person().get().name())));
    }

    /** A small entry typed in chat: checked like a file, then waiting for 确认记账. */
    private String entry(CommandContext context) {
        LedgerService.DryRun dryRun;
        try {
            dryRun = ledgers.chatEntry(context.complex().get(), context.person().get(), context.arguments());
        } catch (Rejected refused) {
            return templates.chat("ledger-usage", Map.of("message", refused.getMessage()));
        }
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("acceptable", dryRun.acceptable());
        model.put("problems", dryRun.ledger().problems().stream().map(LedgerProblem::describeField).toList());
        model.put("warnings", dryRun.ledger().warnings().stream().map(LedgerProblem::describeField).toList());
        model.put("lines", dryRun.ledger().lines());
        model.put("periodLabel", dryRun.ledger().period() == null ? "" : dryRun.ledger().period().label());
        return templates.chat("ledger-entry-checked", model);
    }
}
