package org.sunlight.web;

import io.javalin.config.RoutesConfig;

/** A controller's routes; each domain adds its own, and {@link WebApp} collects them. */
public interface WebRoutes {

    void addRoutes(RoutesConfig routes);
}
