package org.sunlight.complex;

import java.util.LinkedHashMap;
import java.util.Map;

import io.javalin.http.Context;
import org.sunlight.app.Rejected;
import org.sunlight.registry.ComplexView;
import org.sunlight.registry.Registry;
import org.sunlight.templates.Templates;

/** The public page of a complex ({@code /c/{code}}): the permalink home of everything it discloses. */
public final class ComplexPageController {

    private final Registry registry;
    private final Templates templates;

    public ComplexPageController(Registry registry, Templates templates) {
        this.registry = registry;
        this.templates = templates;
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
        ctx.html(templates.page("complex", model));
    }
}
