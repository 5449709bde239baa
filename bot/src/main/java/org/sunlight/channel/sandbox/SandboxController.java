package org.sunlight.channel.sandbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.javalin.config.RoutesConfig;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import org.sunlight.registry.Person;
import org.sunlight.registry.Registry;
import org.sunlight.registry.Role;
import org.sunlight.templates.Templates;
import org.sunlight.web.WebRoutes;

/** HTTP for the sandbox page and its small JSON API; all decisions are {@link SandboxService}'s. */
public final class SandboxController implements WebRoutes {

    private final SandboxService sandbox;
    private final Registry registry;
    private final Templates templates;

    public SandboxController(SandboxService sandbox, Registry registry, Templates templates) {
        this.sandbox = sandbox;
        this.registry = registry;
        this.templates = templates;
    }

    @Override
    public void addRoutes(RoutesConfig routes) {
        routes.get("/sandbox", this::page);
        routes.get("/sandbox/api/groups", this::groups);
        routes.get("/sandbox/api/groups/{target}/messages", this::messages);
        routes.post("/sandbox/api/groups/{target}/messages", this::post);
    }

    public void page(Context ctx) {
        ctx.html(templates.page("sandbox", Map.of("groups", sandbox.groups())));
    }

    public void groups(Context ctx) {
        List<Map<String, Object>> groups = sandbox.groups().stream().map(group -> {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("target", group.target());
            json.put("title", group.title());
            json.put("subtitle", group.subtitle());
            json.put("purpose", group.purpose());
            json.put("members", sandbox.members(group.target()).stream().map(this::person).toList());
            return json;
        }).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("groups", groups);
        body.put("people", sandbox.everyone().stream().map(this::person).toList());
        ctx.json(body);
    }

    public void messages(Context ctx) {
        long after = ctx.queryParamAsClass("after", Long.class).getOrDefault(0L);
        ctx.json(Map.of("messages", sandbox.messages(ctx.pathParam("target"), after)));
    }

    public void post(Context ctx) {
        PostedMessage posted;
        try {
            posted = ctx.bodyAsClass(PostedMessage.class);
        } catch (Exception e) { // Jackson's parse errors arrive unchecked through Javalin
            throw new BadRequestResponse("请求格式不正确：需要 JSON {\"person\": \"...\", \"text\": \"...\"}");
        }
        long id = sandbox.post(ctx.pathParam("target"), posted.person(), posted.text());
        ctx.status(202).json(Map.of("id", id));
    }

    private Map<String, Object> person(Person person) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("code", person.code());
        json.put("name", person.name());
        json.put("roles", registry.rolesOf(person.id()).stream().map(assignment -> assignment.role())
                .distinct().map(Role::label).toList());
        return json;
    }

    /** The JSON a person's message arrives as. */
    public record PostedMessage(String person, String text) {
    }
}
