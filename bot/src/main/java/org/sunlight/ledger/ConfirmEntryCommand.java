package org.sunlight.ledger;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.sunlight.app.Rejected;
import org.sunlight.conversation.ChatCommand;
import org.sunlight.conversation.CommandContext;
import org.sunlight.registry.Role;
import org.sunlight.templates.Templates;

/** {@code 确认记账}: records the small entry the person just had checked in chat, and republishes. */
public final class ConfirmEntryCommand implements ChatCommand {

    private final LedgerService ledgers;
    private final Templates templates;
    private final String baseUrl;

    public ConfirmEntryCommand(LedgerService ledgers, Templates templates, String baseUrl) {
        this.ledgers = ledgers;
        this.templates = templates;
        this.baseUrl = baseUrl;
    }

    @Override
    public String key() {
        return "ledger-confirm";
    }

    @Override
    public List<String> names() {
        return List.of("确认记账", "confirm-entry");
    }

    @Override
    public Set<Role> roles() {
        return Set.of(Role.COMMITTEE, Role.PROPERTY);
    }

    @Override
    public List<String> handle(CommandContext context) {
        if (context.person().isEmpty() || context.complex().isEmpty()) {
            return List.of(templates.chat("ledger-usage", Map.of("message", "请在要记账的小区群里发送。")));
        }
        try {
            LedgerService.Filed filed = ledgers.confirmChatEntry(context.complex().get(), context.person().get());
            Map<String, Object> model = new LinkedHashMap<>();
            model.put("entries", filed.entryIds());
            model.put("periodLabel", filed.period().label());
            model.put("kindLabel", filed.kind().label());
            model.put("link", baseUrl + "/c/" + filed.complex().complex().code() + "/statements/" + filed.kind().code()
                    + "/" + filed.period().code());
            return List.of(templates.chat("ledger-entry-recorded", model));
        } catch (Rejected refused) {
            return List.of(templates.chat("ledger-usage", Map.of("message", refused.getMessage())));
        }
    }
}
