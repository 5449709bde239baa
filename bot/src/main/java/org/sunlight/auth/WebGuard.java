package org.sunlight.auth;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.SameSite;

/**
 * The web side of accounts, shared by controllers: the session cookie (HttpOnly, SameSite=Lax,
 * Secure when the public address is https), the CSRF check every POST form passes, and
 * double-submit tokens for forms used before login (login, the public question form). Thread-safe.
 */
public final class WebGuard {

    public static final String SESSION_COOKIE = "sunlight_session";
    public static final String FORM_COOKIE = "sunlight_form";
    public static final String CSRF_FIELD = "csrf";

    private final Accounts accounts;
    private final boolean secureCookies;
    private final SecureRandom random = new SecureRandom();

    public WebGuard(Accounts accounts, String baseUrl) {
        this.accounts = accounts;
        this.secureCookies = baseUrl.startsWith("https://");
    }

    /** The logged-in officer's session, if any. */
    public Optional<WebSession> session(Context ctx) {
        return accounts.session(ctx.cookie(SESSION_COOKIE));
    }

    public void startSession(Context ctx, String sessionId) {
        ctx.cookie(new Cookie(SESSION_COOKIE, sessionId, "/", (int) Accounts.SESSION_LIFETIME.toSeconds(),
                secureCookies, true, null, SameSite.LAX));
    }

    public void endSession(Context ctx) {
        ctx.cookie(new Cookie(SESSION_COOKIE, "", "/", 0, secureCookies, true, null, SameSite.LAX));
    }

    /** Refuses a POST whose form does not carry the session's CSRF token. */
    public void requireCsrf(Context ctx, WebSession session) {
        if (!Accounts.sameToken(session.csrfToken(), ctx.formParam(CSRF_FIELD))) {
            throw new ForbiddenResponse("表单已失效，请刷新页面后重试");
        }
    }

    /** A token for a form shown before login, also set as a cookie (double submit). */
    public String formToken(Context ctx) {
        String existing = ctx.cookie(FORM_COOKIE);
        if (existing != null && existing.length() == 43) {
            return existing;
        }
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        ctx.cookie(new Cookie(FORM_COOKIE, token, "/", -1, secureCookies, true, null, SameSite.STRICT));
        return token;
    }

    /** Refuses a pre-login POST whose form token does not match its cookie. */
    public void requireFormToken(Context ctx) {
        String cookie = ctx.cookie(FORM_COOKIE);
        if (cookie == null || !Accounts.sameToken(cookie, ctx.formParam(CSRF_FIELD))) {
            throw new ForbiddenResponse("表单已失效，请刷新页面后重试");
        }
    }
}
