package org.sunlight.conversation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.sunlight.registry.Role;
import org.sunlight.templates.Templates;

/** {@code 帮助} / {@code help}: lists what this person can do here, by role. */
public final class HelpCommand implements ChatCommand {

    private final Templates templates;
    private final String baseUrl;

    public HelpCommand(Templates templates, String baseUrl) {
        this.templates = templates;
        this.baseUrl = baseUrl;
    }

    @Override
    public String key() {
        return "help";
    }

    @Override
    public List<String> names() {
        return List.of("帮助", "菜单", "功能", "help", "?", "？");
    }

    @Override
    public Set<Role> roles() {
        return Set.of();
    }

    @Override
    public List<String> handle(CommandContext context) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("registered", context.person().isPresent());
        model.put("name", context.person().map(person -> person.name()).orElse(""));
        model.put("roles", context.roles().stream().map(Role::label).toList());
        model.put("group", context.conversation().group());
        model.put("commands", context.available().stream().map(ChatCommand::key).toList());
        model.put("complexName", context.complex().map(view -> view.complex().name()).orElse(""));
        model.put("complexUrl", context.complex().map(view -> baseUrl + "/c/" + view.complex().code()).orElse(""));
        return List.of(templates.chat("help", model));
    }
}
