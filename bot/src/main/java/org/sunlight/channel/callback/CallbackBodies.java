package org.sunlight.channel.callback;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import io.javalin.http.Context;

/** Reads a callback body with a hard cap, checked before reading (Content-Length) and while reading. */
public final class CallbackBodies {

    /** WeChat's callbacks are a few KB; anything larger is not WeChat. */
    public static final int MAX_BYTES = 64 * 1024;

    private CallbackBodies() {
    }

    public static String read(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > MAX_BYTES) {
            throw new CallbackRejected(413, "body of " + declared + " bytes is over the cap");
        }
        try {
            InputStream in = ctx.req().getInputStream();
            byte[] body = in.readNBytes(MAX_BYTES + 1);
            if (body.length > MAX_BYTES) {
                throw new CallbackRejected(413, "body over the cap");
            }
            return new String(body, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CallbackRejected(400, "body could not be read");
        }
    }
}
