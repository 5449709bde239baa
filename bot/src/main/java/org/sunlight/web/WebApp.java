package org.sunlight.web;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sunlight.app.Rejected;
import org.sunlight.templates.Templates;

/**
 * Builds Sunlight's web application: every route in one place, errors mapped once. Returns an
 * unstarted {@link Javalin}; the caller (the composition root, or a test) starts it.
 */
public final class WebApp {

    private static final Logger LOG = LoggerFactory.getLogger(WebApp.class);
    /** Largest request body accepted anywhere (ledger uploads have their own, lower, checks). */
    public static final long MAX_REQUEST_BYTES = 10L * 1024 * 1024;

    private WebApp() {
    }

    public static Javalin create(List<WebRoutes> modules, Templates templates) {
        ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        return Javalin.create(config -> {
            config.jsonMapper(new JavalinJackson(mapper, false));
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = MAX_REQUEST_BYTES;
            config.http.defaultContentType = "text/plain; charset=utf-8";
            config.staticFiles.add(files -> {
                files.hostedPath = "/static";
                files.directory = "/static";
                files.location = Location.CLASSPATH;
            });
            config.requestLogger.http((ctx, millis) -> {
                if (routineCallback(ctx, millis)) {
                    LOG.debug("{} {} {} {}ms", ctx.method(), ctx.path(), ctx.statusCode(), Math.round(millis));
                } else {
                    LOG.info("{} {} {} {}ms", ctx.method(), ctx.path(), ctx.statusCode(), Math.round(millis));
                }
            });

            modules.forEach(module -> module.addRoutes(config.routes));

            config.routes.exception(Rejected.class, (error, ctx) -> respond(ctx, templates, status(error),
                    error.getMessage()));
            config.routes.exception(HttpResponseException.class, (error, ctx) -> respond(ctx, templates,
                    error.getStatus(), error.getMessage()));
            config.routes.exception(Exception.class, (error, ctx) -> {
                LOG.error("unhandled error on {} {}", ctx.method(), ctx.path(), error);
                respond(ctx, templates, 500, "服务器内部错误，请稍后再试");
            });
            config.routes.error(404, ctx -> {
                if (ctx.result() == null || ctx.result().isEmpty() || ctx.result().equals("Endpoint "
                        + ctx.method() + " " + ctx.path() + " not found")) {
                    respond(ctx, templates, 404, "页面不存在");
                }
            });
        });
    }

    /**
     * A WeChat callback that was answered 2xx in under a second: these arrive by the thousand, each
     * is stored in {@code inbound_message} anyway, and a synchronous log line per callback (JSON,
     * masked, one console lock for every Jetty thread) is work and contention the reply does not need.
     * Refused, failed and slow callbacks are still logged at INFO.
     */
    static boolean routineCallback(Context ctx, float millis) {
        return ctx.statusCode() < 300 && millis < 1000 && ctx.path().endsWith("/callback")
                && "POST".equals(ctx.method().name());
    }

    private static int status(Rejected error) {
        return switch (error.reason()) {
            case INVALID -> 400;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
        };
    }

    /** JSON for API paths and clients that ask for it; a Chinese error page otherwise. */
    private static void respond(Context ctx, Templates templates, int status, String message) {
        ctx.status(status);
        boolean wantsJson = ctx.path().contains("/api/")
                || String.valueOf(ctx.header("Accept")).contains("application/json");
        if (wantsJson) {
            ctx.json(Map.of("error", message, "status", status));
        } else {
            ctx.html(templates.page("error", Map.of("status", status, "message", message)));
        }
    }
}
