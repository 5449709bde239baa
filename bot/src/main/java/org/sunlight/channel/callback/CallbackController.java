package org.sunlight.channel.callback;

import java.util.Map;
import java.util.function.Consumer;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sunlight.web.WebRoutes;

/**
 * One WeChat callback URL: GET answers the URL verification with the bare echostr, POST
 * authenticates, opens and hands the message to a handler that only stores it (so the answer
 * goes back well within WeChat's 5 s, and the work happens after the reply). A refused callback
 * answers its status with an empty body and stores nothing.
 */
public final class CallbackController implements WebRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(CallbackController.class);

    /** Checks a GET and returns the echostr to answer with. */
    @FunctionalInterface
    public interface Verification {
        String verify(Context ctx);
    }

    /** Authenticates a POST and returns the message's fields. */
    @FunctionalInterface
    public interface Opening {
        Map<String, String> open(Context ctx, String body);
    }

    private final String path;
    private final Verification verification;
    private final Opening opening;
    private final Consumer<Map<String, String>> handler;
    private final String acknowledgement;

    public CallbackController(String path, Verification verification, Opening opening,
                              Consumer<Map<String, String>> handler, String acknowledgement) {
        this.path = path;
        this.verification = verification;
        this.opening = opening;
        this.handler = handler;
        this.acknowledgement = acknowledgement;
    }

    @Override
    public void addRoutes(RoutesConfig routes) {
        routes.get(path, this::verify);
        routes.post(path, this::receive);
    }

    private void verify(Context ctx) {
        try {
            String echo = verification.verify(ctx);
            ctx.contentType("text/plain").result(echo);
        } catch (CallbackRejected e) {
            refuse(ctx, e);
        }
    }

    private void receive(Context ctx) {
        try {
            String body = CallbackBodies.read(ctx);
            Map<String, String> fields = opening.open(ctx, body);
            handler.accept(fields);
            ctx.contentType("text/plain").result(acknowledgement);
        } catch (CallbackRejected e) {
            refuse(ctx, e);
        }
    }

    private void refuse(Context ctx, CallbackRejected e) {
        LOG.warn("callback {} refused ({}): {}", path, e.status(), e.getMessage());
        ctx.status(e.status()).contentType("text/plain").result("");
    }
}
