package org.sunlight.survey;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import org.sunlight.app.Rejected;
import org.sunlight.auth.Accounts;
import org.sunlight.auth.WebGuard;
import org.sunlight.registry.ComplexView;
import org.sunlight.registry.Person;
import org.sunlight.registry.Registry;
import org.sunlight.registry.Role;
import org.sunlight.templates.Templates;
import org.sunlight.web.WebRoutes;

/**
 * The mobile survey page ({@code /c/{code}/survey}): shows open surveys and takes a household's
 * vote. The web has no WeChat identity, so the voter gives the household and the owner's name,
 * which must match an owner registered to that household in the deployment. Like the question form,
 * the vote carries a double-submit form token, and each address may post at most
 * {@link #VOTES_PER_ADDRESS_PER_HOUR} times an hour, so household and name pairs cannot be guessed in bulk.
 */
public final class SurveyController implements WebRoutes {

    /** A family or a shared connection may vote for several households, but not guess names at scale. */
    static final int VOTES_PER_ADDRESS_PER_HOUR = 20;

    private final SurveyService surveys;
    private final Registry registry;
    private final Accounts accounts;
    private final WebGuard guard;
    private final Templates templates;

    public SurveyController(SurveyService surveys, Registry registry, Accounts accounts, WebGuard guard,
                            Templates templates) {
        this.surveys = surveys;
        this.registry = registry;
        this.accounts = accounts;
        this.guard = guard;
        this.templates = templates;
    }

    @Override
    public void addRoutes(RoutesConfig routes) {
        routes.get("/c/{code}/survey", this::page);
        routes.post("/c/{code}/survey", this::vote);
    }

    public void page(Context ctx) {
        render(ctx, complex(ctx), null, null);
    }

    public void vote(Context ctx) {
        ComplexView complex = complex(ctx);
        guard.requireFormToken(ctx);
        if (!accounts.allow("survey-address:" + ctx.ip(), VOTES_PER_ADDRESS_PER_HOUR, Duration.ofHours(1))) {
            ctx.status(HttpStatus.TOO_MANY_REQUESTS);
            render(ctx, complex, "提交太频繁，请稍后再试", null);
            return;
        }
        String household = Optional.ofNullable(ctx.formParam("household")).orElse("").strip();
        String name = Optional.ofNullable(ctx.formParam("name")).orElse("").strip();
        String choice = Optional.ofNullable(ctx.formParam("choice")).orElse("");
        Optional<SurveySubject> subject = Optional.ofNullable(ctx.formParam("subject"))
                .flatMap(code -> {
                    try {
                        return Optional.of(SurveySubject.fromCode(code));
                    } catch (IllegalArgumentException e) {
                        return Optional.empty();
                    }
                });
        try {
            if (subject.isEmpty()) {
                throw Rejected.invalid("请选择评价对象");
            }
            if (!choice.equals("satisfied") && !choice.equals("dissatisfied")) {
                throw Rejected.invalid("请选择“满意”或“不满意”");
            }
            Person owner = owner(complex, household, name);
            SurveyService.Vote vote = surveys.vote(complex, owner, subject, choice.equals("satisfied"));
            render(ctx, complex, null, vote.household() + " 的评价已记录" + (vote.replaced() ? "（已更新本户之前的评价）" : ""));
        } catch (Rejected refusal) {
            ctx.status(refusal.reason() == Rejected.Reason.FORBIDDEN ? 403 : 400);
            render(ctx, complex, refusal.getMessage(), null);
        }
    }

    private Person owner(ComplexView complex, String household, String name) {
        if (household.isEmpty() || name.isEmpty()) {
            throw Rejected.invalid("请填写房号和业主姓名");
        }
        return registry.peopleReaching(complex).stream()
                .filter(person -> household.equals(person.household()) && name.equals(person.name())
                        && registry.rolesIn(person.id(), complex).contains(Role.OWNER))
                .findFirst()
                .orElseThrow(() -> Rejected.forbidden("房号和业主姓名与登记信息不符，请联系业委会核对"));
    }

    private void render(Context ctx, ComplexView complex, String error, String notice) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("view", complex);
        model.put("csrf", guard.formToken(ctx));
        List<Map<String, Object>> open = surveys.openSurveys(complex).stream().map(survey -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("subject", survey.subject().code());
            item.put("label", survey.subject().label());
            item.put("closesAt", Instant.ofEpochMilli(survey.closesAt()));
            item.put("votes", surveys.votesSoFar(survey.id()));
            return item;
        }).toList();
        model.put("open", open);
        model.put("closed", surveys.surveys(complex).stream().filter(survey -> !survey.open()).toList());
        model.put("error", error == null ? "" : error);
        model.put("notice", notice == null ? "" : notice);
        ctx.html(templates.page("survey", model));
    }

    private ComplexView complex(Context ctx) {
        return registry.complexByCode(ctx.pathParam("code")).orElseThrow(() -> Rejected.notFound("没有找到这个小区"));
    }
}
