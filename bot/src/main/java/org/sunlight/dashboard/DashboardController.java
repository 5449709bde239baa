package org.sunlight.dashboard;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.javalin.config.RoutesConfig;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import org.sunlight.auth.WebGuard;
import org.sunlight.auth.WebSession;
import org.sunlight.escalation.Decision;
import org.sunlight.escalation.Decisions;
import org.sunlight.escalation.EscalationEvent;
import org.sunlight.escalation.EscalationItem;
import org.sunlight.escalation.EscalationQueries;
import org.sunlight.escalation.Escalations;
import org.sunlight.escalation.Officer;
import org.sunlight.escalation.Tier;
import org.sunlight.question.QuestionService;
import org.sunlight.registry.ComplexView;
import org.sunlight.registry.Person;
import org.sunlight.registry.Registry;
import org.sunlight.templates.Formats;
import org.sunlight.templates.Templates;
import org.sunlight.web.WebRoutes;

/**
 * The officers' dashboard: queues with filters, an item's timeline and decisions, league tables,
 * CSV exports. HTTP only; scope and rules live in the services.
 */
public final class DashboardController implements WebRoutes {

    private final WebGuard guard;
    private final EscalationQueries queries;
    private final Escalations escalations;
    private final Decisions decisions;
    private final QuestionService questions;
    private final LeagueTables league;
    private final Registry registry;
    private final Templates templates;
    private final Supplier<List<String>> warnings;

    public DashboardController(WebGuard guard, EscalationQueries queries, Escalations escalations,
                               Decisions decisions, QuestionService questions, LeagueTables league, Registry registry,
                               Templates templates, Supplier<List<String>> warnings) {
        this.guard = guard;
        this.queries = queries;
        this.escalations = escalations;
        this.decisions = decisions;
        this.questions = questions;
        this.league = league;
        this.registry = registry;
        this.templates = templates;
        this.warnings = warnings;
    }

    @Override
    public void addRoutes(RoutesConfig routes) {
        routes.get("/dashboard", this::queue);
        routes.get("/dashboard/items.csv", this::queueCsv);
        routes.get("/dashboard/items/{id}", this::item);
        routes.post("/dashboard/items/{id}/decisions", this::decide);
        routes.post("/dashboard/items/{id}/answer", this::answer);
        routes.get("/dashboard/league", this::league);
        routes.get("/dashboard/league.csv", this::leagueCsv);
    }

    public void queue(Context ctx) {
        Optional<WebSession> session = sessionOrLogin(ctx);
        if (session.isEmpty()) {
            return;
        }
        Officer officer = session.get().officer();
        EscalationQueries.Filter filter = filter(ctx);
        EscalationQueries.Page page = queries.page(officer, filter, pageNumber(ctx));
        EscalationQueries.Menus menus = queries.menus(officer, filter);
        Map<String, Object> model = base(session.get());
        model.put("rows", page.rows());
        model.put("page", page);
        model.put("filter", filter);
        model.put("complexes", menus.complexes());
        model.put("communities", menus.communities());
        model.put("towns", menus.towns());
        model.put("kinds", queries.kinds());
        model.put("tiers", Arrays.asList(Tier.values()));
        model.put("query", filterQuery(filter));
        ctx.html(templates.page("dashboard-queue", model));
    }

    /** Every item the filter matches (not one page), streamed as it is read. */
    public void queueCsv(Context ctx) throws IOException {
        Optional<WebSession> session = sessionOrLogin(ctx);
        if (session.isEmpty()) {
            return;
        }
        Officer officer = session.get().officer();
        EscalationQueries.Filter filter = filter(ctx);
        streamCsv(ctx, "items.csv", List.of("编号", "小区", "社区", "类型", "事项", "层级", "状态", "期限", "登记时间", "总历时"),
                out -> queries.forEach(officer, filter, row -> Csv.row(out, List.of(Long.toString(row.item().id()),
                        row.complexName(), row.communityName(), row.item().kind(), row.item().title(),
                        row.tierLabel(), row.stateLabel(), row.dueDay(), row.openedAt(), row.age()))));
    }

    public void item(Context ctx) {
        Optional<WebSession> session = sessionOrLogin(ctx);
        if (session.isEmpty()) {
            return;
        }
        Officer officer = session.get().officer();
        EscalationItem item = decisions.visibleItem(officer, itemId(ctx));
        ComplexView complex = registry.complex(item.complexId()).orElseThrow();
        Map<String, Object> model = base(session.get());
        model.put("item", item);
        model.put("complex", complex);
        model.put("view", escalations.baseModel(complex, item));
        List<Map<String, Object>> timeline = new ArrayList<>();
        for (EscalationEvent event : escalations.events(item.id())) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("at", Formats.dateTime(event.at()));
            line.put("action", event.actionLabel());
            line.put("actor", actorName(event.actor()));
            line.put("note", event.note());
            line.put("tier", event.toTier() == null ? "" : Tier.of(event.toTier()).label());
            timeline.add(line);
        }
        model.put("timeline", timeline);
        var question = questions.byItem(item.id());
        model.put("question", question.orElse(null));
        model.put("canAnswer", question.isPresent() && item.open() && item.answeredAt() == null
                && officer.answers(complex));
        model.put("decisions", Arrays.stream(Decision.values())
                .filter(decision -> decisions.allowed(officer, item, decision)).toList());
        ctx.html(templates.page("dashboard-item", model));
    }

    public void decide(Context ctx) {
        Optional<WebSession> session = guard.session(ctx);
        if (session.isEmpty()) {
            ctx.redirect("/login", HttpStatus.SEE_OTHER);
            return;
        }
        guard.requireCsrf(ctx, session.get());
        long id = itemId(ctx);
        Decision decision = Decision.fromCode(String.valueOf(ctx.formParam("decision")))
                .orElseThrow(() -> new BadRequestResponse("请选择决定"));
        decisions.decide(session.get().officer(), id, decision, ctx.formParam("reason"));
        ctx.redirect("/dashboard/items/" + id, HttpStatus.SEE_OTHER);
    }

    public void answer(Context ctx) {
        Optional<WebSession> session = guard.session(ctx);
        if (session.isEmpty()) {
            ctx.redirect("/login", HttpStatus.SEE_OTHER);
            return;
        }
        guard.requireCsrf(ctx, session.get());
        Officer staff = session.get().officer();
        EscalationItem item = decisions.visibleItem(staff, itemId(ctx));
        questions.answerOnWeb(staff, item, registry.complex(item.complexId()).orElseThrow(), ctx.formParam("answer"));
        ctx.redirect("/dashboard/items/" + item.id(), HttpStatus.SEE_OTHER);
    }

    public void league(Context ctx) {
        Optional<WebSession> session = sessionOrLogin(ctx);
        if (session.isEmpty()) {
            return;
        }
        Officer officer = session.get().officer();
        LeagueTables.Sort sort = LeagueTables.Sort.fromCode(ctx.queryParam("sort"));
        LeagueTables.Page page = league.page(officer, sort, pageNumber(ctx));
        Map<String, Object> model = base(session.get());
        model.put("rows", page.rows());
        model.put("page", page);
        model.put("sort", sort.code());
        model.put("charts", LeagueCharts.of(league.top(officer, LeagueTables.Sort.OVERDUE, page),
                league.top(officer, LeagueTables.Sort.MEDIAN, page), league.top(officer, LeagueTables.Sort.ON_TIME, page)));
        ctx.html(templates.page("dashboard-league", model));
    }

    /** Every complex in scope (not one page), streamed as it is read. */
    public void leagueCsv(Context ctx) throws IOException {
        Optional<WebSession> session = sessionOrLogin(ctx);
        if (session.isEmpty()) {
            return;
        }
        Officer officer = session.get().officer();
        LeagueTables.Sort sort = LeagueTables.Sort.fromCode(ctx.queryParam("sort"));
        streamCsv(ctx, "league.csv", List.of("小区", "社区", "超期事项", "提问数", "已答复", "答复用时中位数（工作日）",
                "按时答复率（%）"), out -> league.forEach(officer, sort, row -> Csv.row(out, List.of(row.complexName(),
                row.communityName(), Integer.toString(row.overdue()), Integer.toString(row.questions()),
                Integer.toString(row.answered()), row.medianDays(),
                row.onTimePercent() < 0 ? "" : Integer.toString(row.onTimePercent())))));
    }

    private Optional<WebSession> sessionOrLogin(Context ctx) {
        Optional<WebSession> session = guard.session(ctx);
        if (session.isEmpty()) {
            ctx.redirect("/login");
        }
        return session;
    }

    private Map<String, Object> base(WebSession session) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("officer", session.officer());
        model.put("officerName", session.officer().person().name());
        model.put("officerRole", session.officer().roleLabel());
        model.put("csrf", session.csrfToken());
        model.put("warnings", warnings.get());
        return model;
    }

    private String actorName(String actor) {
        if ("system".equals(actor)) {
            return "系统";
        }
        return registry.personByCode(actor).map(Person::name).orElse(actor);
    }

    private static EscalationQueries.Filter filter(Context ctx) {
        String tier = text(ctx, "tier");
        Integer tierLevel = null;
        if (!tier.isEmpty()) {
            try {
                tierLevel = Tier.of(Integer.parseInt(tier)).level();
            } catch (IllegalArgumentException e) {
                throw new BadRequestResponse("没有这一级：" + tier);
            }
        }
        return new EscalationQueries.Filter(text(ctx, "town"), text(ctx, "community"), text(ctx, "complex"),
                text(ctx, "kind"), text(ctx, "state"), tierLevel, "1".equals(ctx.queryParam("overdue")));
    }

    private static String text(Context ctx, String name) {
        String value = ctx.queryParam(name);
        return value == null ? "" : value.strip();
    }

    private static long itemId(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new BadRequestResponse("事项编号应为数字");
        }
    }

    /** Page number from {@code ?page=}; missing or not a positive number means the first. */
    private static int pageNumber(Context ctx) {
        try {
            return Math.max(1, Integer.parseInt(text(ctx, "page")));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /** The filter as a query string (without page), for page links and the export link. */
    static String filterQuery(EscalationQueries.Filter filter) {
        StringJoiner query = new StringJoiner("&");
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("town", filter.town());
        parameters.put("community", filter.community());
        parameters.put("complex", filter.complex());
        parameters.put("kind", filter.kind());
        parameters.put("tier", filter.tier() == null ? "" : Integer.toString(filter.tier()));
        parameters.put("state", filter.state());
        parameters.put("overdue", filter.overdue() ? "1" : "");
        parameters.forEach((name, value) -> {
            if (!value.isEmpty()) {
                query.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        });
        return query.toString();
    }

    /** Writes the header, then rows as {@code body} produces them, straight to the response. */
    private static void streamCsv(Context ctx, String name, List<String> header, Consumer<Writer> body)
            throws IOException {
        ctx.contentType("text/csv; charset=utf-8");
        ctx.header("Content-Disposition", "attachment; filename=\"" + name + "\"");
        try (Writer out = new BufferedWriter(new OutputStreamWriter(ctx.outputStream(), StandardCharsets.UTF_8),
                64 * 1024)) {
            out.write(Csv.BYTE_ORDER_MARK);
            Csv.row(out, header);
            body.accept(out);
        }
    }
}
