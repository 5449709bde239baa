package org.sunlight.channel.wecom;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import io.javalin.http.UnauthorizedResponse;
import org.sunlight.app.Rejected;
import org.sunlight.channel.Outbox;
import org.sunlight.registry.Registry;
import org.sunlight.templates.Templates;
import org.sunlight.web.WebRoutes;

/**
 * Small admin pages until the officers' login exists: the dead-letter list of the outbox with a
 * retry button, and binding customer groups to complexes. Guarded by {@code SUNLIGHT_ADMIN_TOKEN}
 * (bearer header, or a cookie set by the login form), compared in constant time. Not registered
 * when no admin token is configured.
 */
public final class WeChatAdminController implements WebRoutes {

    private static final String COOKIE = "sunlight_admin";

    private final String adminToken;
    private final Outbox outbox;
    private final WeComGroups groups;
    private final Registry registry;
    private final Templates templates;

    /** {@code groups} is null when customer contact is not configured. */
    public WeChatAdminController(String adminToken, Outbox outbox, WeComGroups groups, Registry registry,
                                 Templates templates) {
        this.adminToken = adminToken;
        this.outbox = outbox;
        this.groups = groups;
        this.registry = registry;
        this.templates = templates;
    }

    @Override
    public void addRoutes(RoutesConfig routes) {
        routes.get("/admin/login", ctx -> ctx.html(templates.page("admin-login", Map.of("failed", false))));
        routes.post("/admin/login", this::login);
        routes.get("/admin/wechat", this::page);
        routes.post("/admin/wechat/bind", this::bind);
        routes.post("/admin/outbox/{id}/retry", this::retry);
        routes.get("/admin/api/outbox/dead", ctx -> {
            requireAdmin(ctx);
            ctx.json(outbox.dead(200));
        });
    }

    private void login(Context ctx) {
        String given = ctx.formParam("token");
        if (!matches(given)) {
            ctx.status(401).html(templates.page("admin-login", Map.of("failed", true)));
            return;
        }
        Cookie cookie = new Cookie(COOKIE, given);
        cookie.setHttpOnly(true);
        cookie.setSameSite(SameSite.STRICT);
        cookie.setPath("/admin");
        ctx.cookie(cookie);
        ctx.redirect("/admin/wechat");
    }

    private void page(Context ctx) {
        if (!isAdmin(ctx)) {
            ctx.redirect("/admin/login");
            return;
        }
        Map<String, Object> model = new HashMap<>();
        model.put("dead", outbox.dead(200));
        model.put("groupsEnabled", groups != null);
        model.put("groups", groups == null ? List.of() : groups.list());
        model.put("complexes", registry.complexes());
        model.put("message", ctx.queryParam("message") == null ? "" : ctx.queryParam("message"));
        ctx.html(templates.page("admin-wechat", model));
    }

    private void bind(Context ctx) {
        requireAdmin(ctx);
        if (groups == null) {
            throw Rejected.invalid("未配置企业微信客户联系（wecom-contact-secret），无法绑定客户群");
        }
        String complex = ctx.formParam("complex");
        String chatId = ctx.formParam("chatId");
        if (complex == null || complex.isBlank() || chatId == null || chatId.isBlank()) {
            throw Rejected.invalid("请选择小区和客户群");
        }
        groups.bind(complex.strip(), chatId.strip(), "admin");
        ctx.redirect("/admin/wechat?message=bound");
    }

    private void retry(Context ctx) {
        requireAdmin(ctx);
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw Rejected.invalid("消息编号无效");
        }
        if (!outbox.retry(id)) {
            throw Rejected.notFound("没有编号为 " + id + " 的失败消息");
        }
        if (String.valueOf(ctx.header("Accept")).contains("application/json")) {
            ctx.json(Map.of("retried", id));
        } else {
            ctx.redirect("/admin/wechat?message=retried");
        }
    }

    private void requireAdmin(Context ctx) {
        if (!isAdmin(ctx)) {
            throw new UnauthorizedResponse("需要管理员口令");
        }
    }

    private boolean isAdmin(Context ctx) {
        String header = ctx.header("Authorization");
        if (header != null && header.startsWith("Bearer ") && matches(header.substring(7).strip())) {
            return true;
        }
        return matches(ctx.cookie(COOKIE));
    }

    private boolean matches(String given) {
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                adminToken.getBytes(StandardCharsets.UTF_8));
    }
}
