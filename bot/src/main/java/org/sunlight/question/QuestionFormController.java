package org.sunlight.question;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import org.sunlight.app.Rejected;
import org.sunlight.auth.Accounts;
import org.sunlight.auth.WebGuard;
import org.sunlight.registry.ChannelBinding;
import org.sunlight.registry.ComplexView;
import org.sunlight.registry.Person;
import org.sunlight.registry.Registry;
import org.sunlight.registry.Role;
import org.sunlight.registry.RoleAssignment;
import org.sunlight.registry.ScopeType;
import org.sunlight.templates.Templates;
import org.sunlight.web.WebRoutes;

/**
 * The public question form of a complex ({@code /c/{code}/ask}): owners identify with their household,
 * at most {@link #PER_ADDRESS_PER_HOUR} questions per address per hour.
 */
public final class QuestionFormController implements WebRoutes {

    static final int PER_ADDRESS_PER_HOUR = 5;
    static final int PER_HOUSEHOLD_PER_DAY = 10;
    /** A link's prefilled start of a question is cut to this many characters. */
    static final int MAX_ABOUT_CHARS = 60;

    private final QuestionService questions;
    private final Registry registry;
    private final Accounts accounts;
    private final WebGuard guard;
    private final Templates templates;

    public QuestionFormController(QuestionService questions, Registry registry, Accounts accounts, WebGuard guard,
                                  Templates templates) {
        this.questions = questions;
        this.registry = registry;
        this.accounts = accounts;
        this.guard = guard;
        this.templates = templates;
    }

    @Override
    public void addRoutes(RoutesConfig routes) {
        routes.get("/c/{code}/ask", this::form);
        routes.post("/c/{code}/ask", this::ask);
    }

    public void form(Context ctx) {
        render(ctx, complex(ctx), "", "", about(ctx), "");
    }

    /** The start of the question when the form is opened from a statement page ({@code ?about=…}). */
    private static String about(Context ctx) {
        String about = ctx.queryParam("about");
        if (about == null || about.isBlank()) {
            return "";
        }
        String line = about.replaceAll("\\s+", " ").strip();
        return line.codePointCount(0, line.length()) <= MAX_ABOUT_CHARS ? line
                : line.substring(0, line.offsetByCodePoints(0, MAX_ABOUT_CHARS));
    }

    public void ask(Context ctx) {
        ComplexView complex = complex(ctx);
        guard.requireFormToken(ctx);
        String household = value(ctx, "household");
        String phone = value(ctx, "phone");
        String text = value(ctx, "text");
        ChannelBinding group = registry.bindingsOf(ScopeType.COMPLEX, complex.complex().id()).stream()
                .filter(binding -> ChannelBinding.OWNERS.equals(binding.purpose())).findFirst()
                .orElseThrow(() -> Rejected.conflict("本小区的监督群尚未开通，暂不能在网页提问"));
        if (!accounts.allow("ask-address:" + ctx.ip(), PER_ADDRESS_PER_HOUR, Duration.ofHours(1))
                || !accounts.allow("ask-household:" + complex.complex().id() + ":"
                + QuestionService.normaliseHousehold(household), PER_HOUSEHOLD_PER_DAY, Duration.ofDays(1))) {
            ctx.status(HttpStatus.TOO_MANY_REQUESTS);
            render(ctx, complex, household, phone, text, "提问太频繁，请稍后再试");
            return;
        }
        QuestionService.Tracked tracked;
        try {
            tracked = questions.askOnWeb(complex, owners(complex), group, household, phone, text);
        } catch (Rejected rejected) {
            ctx.status(HttpStatus.BAD_REQUEST);
            render(ctx, complex, household, phone, text, rejected.getMessage());
            return;
        }
        Map<String, Object> model = questions.model(tracked, complex);
        model.put("complex", complex);
        ctx.html(templates.page("question-asked", model));
    }

    private void render(Context ctx, ComplexView complex, String household, String phone, String text,
                        String problem) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("complex", complex);
        model.put("csrf", guard.formToken(ctx));
        model.put("household", household);
        model.put("phone", phone);
        model.put("text", text);
        model.put("problem", problem);
        model.put("maxChars", QuestionService.MAX_TEXT_CHARS);
        ctx.html(templates.page("question-ask", model));
    }

    private List<Person> owners(ComplexView complex) {
        List<RoleAssignment> roles = registry.allRoles();
        return registry.people().stream().filter(person -> roles.stream().anyMatch(role -> role.personId()
                == person.id() && role.role() == Role.OWNER && Registry.covers(role, complex))).toList();
    }

    private ComplexView complex(Context ctx) {
        return registry.complexByCode(ctx.pathParam("code")).orElseThrow(() -> Rejected.notFound("没有找到这个小区"));
    }

    private static String value(Context ctx, String name) {
        String value = ctx.formParam(name);
        return value == null ? "" : value;
    }
}
