package org.sunlight.channel.callback;

import java.util.Map;
import java.util.concurrent.Semaphore;
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
 * answers its status with an empty body and stores nothing. At most {@link #MAX_CONCURRENT}
 * callbacks are handled at once per URL; beyond that the request is shed with 503 (WeChat retries
 * it) instead of queueing without bound.
 */
public final class CallbackController implements WebRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(CallbackController.class);
    public static final int MAX_CONCURRENT = 64;

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
    private final Semaphore inFlight;

    public CallbackController(String path, Verification verification, Opening opening,
                              Consumer<Map<String, String>> handler, String acknowledgement) {
        this(path, verification, opening, handler, acknowledgement, MAX_CONCURRENT);
    }

    /** With a different concurrency cap (tests). */
    public CallbackController(String path, Verification verification, Opening opening,
                              Consumer<Map<String, String>> handler, String acknowledgement, int maxConcurrent) {
        this.inFlight = new Semaphore(maxConcurrent);
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
        if (!inFlight.tryAcquire()) {
            refuse(ctx, new CallbackRejected(503, "over " + MAX_CONCURRENT + " callbacks in flight; shed"));
            return;
        }
        try {
            String body = CallbackBodies.read(ctx);
            Map<String, String> fields = opening.open(ctx, body);
            handler.accept(fields);
            ctx.contentType("text/plain").result(acknowledgement);
        } catch (CallbackRejected e) {
            refuse(ctx, e);
        } finally {
            inFlight.release();
        }
    }

    private void refuse(Context ctx, CallbackRejected e) {
        LOG.warn("callback {} refused ({}): {}", path, e.status(), e.getMessage());
        ctx.status(e.status()).contentType("text/plain").result("");
    }
}
