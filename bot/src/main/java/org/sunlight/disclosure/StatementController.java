package org.sunlight.disclosure;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import org.sunlight.app.Rejected;
import org.sunlight.audit.AuditLog;
import org.sunlight.ledger.LedgerKind;
import org.sunlight.ledger.Period;
import org.sunlight.registry.ComplexView;
import org.sunlight.registry.Registry;
import org.sunlight.templates.Templates;
import org.sunlight.web.WebRoutes;

/**
 * Public statement pages: the list per complex, and a stable permalink per complex, kind and
 * period ({@code /c/jinxiu/statements/public-revenue/2026Q1}) with its chart at {@code /chart.png}
 * (stored when the statement was published).
 */
public final class StatementController implements WebRoutes {

    private final Statements statements;
    private final Registry registry;
    private final Templates templates;

    public StatementController(Statements statements, Registry registry, Templates templates) {
        this.statements = statements;
        this.registry = registry;
        this.templates = templates;
    }

    @Override
    public void addRoutes(RoutesConfig routes) {
        routes.get("/c/{code}/statements", this::list);
        routes.get("/c/{code}/statements/{kind}/{period}", this::statement);
        routes.get("/c/{code}/statements/{kind}/{period}/chart.png", this::chart);
    }

    public void list(Context ctx) {
        ComplexView complex = complex(ctx);
        List<Map<String, Object>> items = new ArrayList<>();
        for (Statement statement : statements.latestOf(complex.complex().id())) {
            LedgerKind kind = LedgerKind.fromCode(statement.kind()).orElseThrow();
            Period period = Period.parse(kind, statement.period()).orElseThrow();
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("link", "/c/" + complex.complex().code() + "/statements/" + kind.code() + "/" + period.code());
            item.put("periodLabel", period.label());
            item.put("kindLabel", kind.label());
            item.put("version", statement.version());
            item.put("shortDigest", statement.shortDigest());
            items.add(item);
        }
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("view", complex);
        model.put("statements", items);
        ctx.html(templates.page("statement-list", model));
    }

    public void statement(Context ctx) {
        ComplexView complex = complex(ctx);
        List<Statement> versions = versions(ctx, complex);
        Statement shown = chosen(ctx, versions);
        Map<String, Object> model = new LinkedHashMap<>();
        Map<String, Object> content = Statements.read(shown);
        model.put("s", content);
        model.put("digest", shown.digest());
        // A row edited directly in the database no longer matches the digest published in the group.
        model.put("intact", AuditLog.sha256Hex(shown.content()).equals(shown.digest()));
        model.put("version", shown.version());
        model.put("publishedAt", Instant.ofEpochMilli(shown.publishedAt()));
        model.put("complexLink", "/c/" + complex.complex().code());
        // Every statement links to the question form, which starts the question with what it is about.
        model.put("askLink", "/c/" + complex.complex().code() + "/ask?about=" + URLEncoder.encode("关于"
                + content.get("periodLabel") + content.get("kindLabel") + "公示：", StandardCharsets.UTF_8));
        model.put("chartUrl", ctx.path() + "/chart.png?v=" + shown.version());
        List<Map<String, Object>> history = new ArrayList<>();
        for (Statement version : versions) {
            history.add(Map.of("version", version.version(), "digest", version.digest(),
                    "publishedAt", Instant.ofEpochMilli(version.publishedAt())));
        }
        model.put("versions", history);
        ctx.html(templates.page("statement-view", model));
    }

    public void chart(Context ctx) {
        ComplexView complex = complex(ctx);
        Statement shown = chosen(ctx, versions(ctx, complex));
        // Drawn when the statement was published; a version never changes, so neither does its picture.
        ctx.contentType("image/png").header("Cache-Control", "public, max-age=300").result(statements.chart(shown));
    }

    private ComplexView complex(Context ctx) {
        return registry.complexByCode(ctx.pathParam("code")).orElseThrow(() -> Rejected.notFound("没有找到这个小区"));
    }

    private List<Statement> versions(Context ctx, ComplexView complex) {
        LedgerKind kind = LedgerKind.fromCode(ctx.pathParam("kind"))
                .orElseThrow(() -> Rejected.notFound("没有这类公示"));
        Period period = Period.parse(kind, ctx.pathParam("period")).filter(parsed -> parsed.code()
                .equals(ctx.pathParam("period"))).orElseThrow(() -> Rejected.notFound("期间格式不对"));
        List<Statement> versions = statements.versions(complex.complex().id(), kind, period);
        if (versions.isEmpty()) {
            throw Rejected.notFound(complex.complex().name() + period.label() + kind.label() + "还没有公示");
        }
        return versions;
    }

    private static Statement chosen(Context ctx, List<Statement> versions) {
        String wanted = ctx.queryParam("v");
        if (wanted == null) {
            return versions.get(versions.size() - 1);
        }
        return versions.stream().filter(version -> String.valueOf(version.version()).equals(wanted)).findFirst()
                .orElseThrow(() -> Rejected.notFound("没有这个版本"));
    }
}
