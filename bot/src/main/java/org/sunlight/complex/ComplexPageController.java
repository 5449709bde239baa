package org.sunlight.complex;

import java.util.LinkedHashMap;
import java.util.Map;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import org.sunlight.app.Rejected;
import org.sunlight.assembly.MeetingService;
import org.sunlight.registry.ComplexView;
import org.sunlight.registry.Registry;
import org.sunlight.roster.StandingPosts;
import org.sunlight.templates.Templates;
import org.sunlight.web.WebRoutes;

/** The public page of a complex ({@code /c/{code}}): the permalink home of everything it discloses. */
public final class ComplexPageController implements WebRoutes {

    private final Registry registry;
    private final Templates templates;
    private final StandingPosts standingPosts;
    private final MeetingService meetings;

    public ComplexPageController(Registry registry, Templates templates, StandingPosts standingPosts,
                                 MeetingService meetings) {
        this.registry = registry;
        this.templates = templates;
        this.standingPosts = standingPosts;
        this.meetings = meetings;
    }

    @Override
    public void addRoutes(RoutesConfig routes) {
        routes.get("/", this::index);
        routes.get("/c/{code}", this::complex);
    }

    public void index(Context ctx) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("complexes", registry.complexes());
        ctx.html(templates.page("index", model));
    }

    public void complex(Context ctx) {
        ComplexView complex = registry.complexByCode(ctx.pathParam("code"))
                .orElseThrow(() -> Rejected.notFound("没有找到这个小区"));
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("view", complex);
        model.put("committee", standingPosts.committee(complex));
        model.put("advisers", standingPosts.advisers(complex));
        model.put("meetings", meetings.notices(complex));
        ctx.html(templates.page("complex", model));
    }
}
