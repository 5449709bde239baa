package org.sunlight.ledger;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.sunlight.app.Rejected;
import org.sunlight.conversation.ChatCommand;
import org.sunlight.conversation.CommandContext;
import org.sunlight.registry.Role;
import org.sunlight.templates.Templates;

/**
 * {@code 更正 编号 原因}: cancels a recorded ledger entry with a reversing entry; the statement is
 * published again, showing the correction and replacing the previous digest.
 */
public final class CorrectionCommand implements ChatCommand {

    private static final Pattern ARGUMENTS = Pattern.compile("#?(\\d{1,12})\\s+(.+)", Pattern.DOTALL);

    private final LedgerService ledgers;
    private final Templates templates;
    private final String baseUrl;

    public CorrectionCommand(LedgerService ledgers, Templates templates, String baseUrl) {
        this.ledgers = ledgers;
        this.templates = templates;
        this.baseUrl = baseUrl;
    }

    @Override
    public String key() {
        return "correct";
    }

    @Override
    public List<String> names() {
        return List.of("更正", "冲正", "correct");
    }

    @Override
    public Set<Role> roles() {
        return Set.of(Role.COMMITTEE, Role.PROPERTY);
    }

    @Override
    public List<String> handle(CommandContext context) {
        Matcher matcher = ARGUMENTS.matcher(context.arguments());
        if (!matcher.matches()) {
            return List.of(templates.chat("ledger-usage", Map.of("message",
                    "用法：更正 编号 原因，例如：更正 12 金额录错（编号见公示明细）")));
        }
        if (context.person().isEmpty() || context.complex().isEmpty()) {
            return List.of(templates.chat("ledger-usage", Map.of("message",
                    "请在要更正的小区群里发送。")));
        }
        long entryId = Long.parseLong(matcher.group(1));
        try {
            LedgerService.Filed filed = ledgers.correct(context.complex().get(), entryId, matcher.group(2),
                    "person:" + context.person().get().code());
            Map<String, Object> model = new LinkedHashMap<>();
            model.put("entry", entryId);
            model.put("reversal", filed.entryIds().get(0));
            model.put("periodLabel", filed.period().label());
            model.put("kindLabel", filed.kind().label());
            model.put("link", baseUrl + "/c/" + filed.complex().complex().code() + "/statements/" + filed.kind().code()
                    + "/" + filed.period().code());
            return List.of(templates.chat("ledger-corrected", model));
        } catch (Rejected refused) {
            return List.of(templates.chat("ledger-usage", Map.of("message", refused.getMessage())));
        }
    }
}
