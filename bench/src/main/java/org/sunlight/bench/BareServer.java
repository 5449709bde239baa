package org.sunlight.bench;

import io.javalin.Javalin;

/** The reference for goal 1: a bare Javalin endpoint answering a constant string, same JVM settings. */
public final class BareServer {

    private BareServer() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        Javalin.create(config -> config.routes.get("/", ctx -> ctx.result("ok")))
                .start("127.0.0.1", port);
    }
}
