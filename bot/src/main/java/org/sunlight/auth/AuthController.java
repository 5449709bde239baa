package org.sunlight.auth;

import java.util.LinkedHashMap;
import java.util.Map;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import org.sunlight.templates.Templates;
import org.sunlight.web.WebRoutes;

/** {@code /login} and {@code /logout} for officers. */
public final class AuthController implements WebRoutes {

    private final Accounts accounts;
    private final WebGuard guard;
    private final Templates templates;
    private final boolean demo;

    public AuthController(Accounts accounts, WebGuard guard, Templates templates, boolean demo) {
        this.accounts = accounts;
        this.guard = guard;
        this.templates = templates;
        this.demo = demo;
    }

    @Override
    public void addRoutes(RoutesConfig routes) {
        routes.get("/login", this::form);
        routes.post("/login", this::login);
        routes.post("/logout", this::logout);
    }

    public void form(Context ctx) {
        if (guard.session(ctx).isPresent()) {
            ctx.redirect("/dashboard");
            return;
        }
        render(ctx, "", "");
    }

    public void login(Context ctx) {
        guard.requireFormToken(ctx);
        String code = ctx.formParam("person");
        String password = ctx.formParam("password");
        Accounts.LoginResult result = accounts.login(code, password == null ? new char[0] : password.toCharArray(),
                ctx.ip());
        if (result instanceof Accounts.LoginResult.Success success) {
            guard.startSession(ctx, success.sessionId());
            ctx.redirect("/dashboard", HttpStatus.SEE_OTHER);
        } else if (result instanceof Accounts.LoginResult.Throttled) {
            ctx.status(HttpStatus.TOO_MANY_REQUESTS);
            render(ctx, code, "throttled");
        } else {
            ctx.status(HttpStatus.UNAUTHORIZED);
            render(ctx, code, "failed");
        }
    }

    public void logout(Context ctx) {
        guard.session(ctx).ifPresent(session -> {
            guard.requireCsrf(ctx, session);
            accounts.logout(session);
        });
        guard.endSession(ctx);
        ctx.redirect("/login", HttpStatus.SEE_OTHER);
    }

    private void render(Context ctx, String person, String problem) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("csrf", guard.formToken(ctx));
        model.put("person", person == null ? "" : person);
        model.put("problem", problem);
        model.put("demo", demo);
        model.put("demoPassword", demo ? Accounts.DEMO_PASSWORD : "");
        model.put("lockoutMinutes", Accounts.LOCKOUT.toMinutes());
        ctx.html(templates.page("login", model));
    }
}
