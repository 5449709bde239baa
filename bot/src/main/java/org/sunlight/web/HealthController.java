package org.sunlight.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import org.jdbi.v3.core.Jdbi;
import org.sunlight.channel.Outbox;

/** {@code /health}: 200 when the database answers, with the outbox's backlog and any warnings. */
public final class HealthController implements WebRoutes {

    private final Jdbi jdbi;
    private final Outbox outbox;
    private final Supplier<List<String>> warnings;

    public HealthController(Jdbi jdbi, Outbox outbox, Supplier<List<String>> warnings) {
        this.jdbi = jdbi;
        this.outbox = outbox;
        this.warnings = warnings;
    }

    @Override
    public void addRoutes(RoutesConfig routes) {
        routes.get("/health", this::health);
    }

    public void health(Context ctx) {
        Map<String, Object> body = new LinkedHashMap<>();
        try {
            jdbi.useHandle(handle -> handle.createQuery("SELECT 1").mapTo(Integer.class).one());
            body.put("status", "ok");
            body.put("database", "ok");
            body.put("outbox", outbox.backlog());
            body.put("warnings", warnings.get());
            ctx.json(body);
        } catch (RuntimeException e) {
            body.put("status", "unavailable");
            body.put("database", e.getClass().getSimpleName());
            ctx.status(503).json(body);
        }
    }
}
