package org.sunlight.disclosure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.sunlight.conversation.ChatCommand;
import org.sunlight.conversation.CommandContext;
import org.sunlight.ledger.LedgerKind;
import org.sunlight.ledger.Period;
import org.sunlight.registry.ComplexView;
import org.sunlight.registry.Role;
import org.sunlight.templates.Templates;

/** {@code 公示} / {@code statements}: the complex's latest statements with their digests and links. */
public final class StatementsCommand implements ChatCommand {

    private static final int SHOWN = 6;

    private final Statements statements;
    private final Templates templates;

    public StatementsCommand(Statements statements, Templates templates) {
        this.statements = statements;
        this.templates = templates;
    }

    @Override
    public String key() {
        return "statements";
    }

    @Override
    public List<String> names() {
        return List.of("公示", "查看公示", "statements");
    }

    @Override
    public Set<Role> roles() {
        return Set.of();
    }

    @Override
    public List<String> handle(CommandContext context) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("known", context.complex().isPresent());
        List<Map<String, Object>> items = new ArrayList<>();
        if (context.complex().isPresent()) {
            ComplexView complex = context.complex().get();
            model.put("complexName", complex.complex().name());
            for (Statement statement : statements.latestOf(complex.complex().id()).stream().limit(SHOWN).toList()) {
                LedgerKind kind = LedgerKind.fromCode(statement.kind()).orElseThrow();
                Period period = Period.parse(kind, statement.period()).orElseThrow();
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("periodLabel", period.label());
                item.put("kindLabel", kind.label());
                item.put("version", statement.version());
                item.put("shortDigest", statement.shortDigest());
                item.put("link", statements.permalink(complex, kind, period));
                items.add(item);
            }
            model.put("allLink", statements.complexLink(complex));
        } else {
            model.put("complexName", "");
            model.put("allLink", "");
        }
        model.put("items", items);
        return List.of(templates.chat("statement-list", model));
    }
}
