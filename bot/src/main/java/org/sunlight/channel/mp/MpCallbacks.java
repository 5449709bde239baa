package org.sunlight.channel.mp;

import java.time.Clock;
import java.util.Map;

import io.javalin.http.Context;
import org.sunlight.channel.callback.CallbackController;
import org.sunlight.channel.callback.CallbackCrypto;
import org.sunlight.channel.callback.CallbackRejected;
import org.sunlight.channel.callback.SafeXml;
import org.sunlight.channel.wecom.WeChatConfig;

/**
 * The Official Account's callback URL, {@code /mp/callback}. With an EncodingAESKey configured only
 * safe mode ({@code encrypt_type=aes}) is accepted; without one, plain mode with the signature over
 * token, timestamp and nonce, checked before the body is parsed.
 */
public final class MpCallbacks {

    public static final String PATH = "/mp/callback";

    private MpCallbacks() {
    }

    public static CallbackController controller(WeChatConfig config, MpInbound inbound, Clock clock) {
        String token = config.mpToken();
        CallbackCrypto crypto = config.mpAesKey().map(aesKey -> new CallbackCrypto(token, aesKey, config.mpAppId(),
                clock)).orElse(null);
        CallbackController.Verification verification = ctx -> {
            CallbackCrypto.checkTimestamp(ctx.queryParam("timestamp"), clock);
            CallbackCrypto.checkSignature(token, ctx.queryParam("signature"), ctx.queryParam("timestamp"),
                    ctx.queryParam("nonce"), null);
            String echo = ctx.queryParam("echostr");
            if (echo == null) {
                throw new CallbackRejected(400, "echostr missing");
            }
            return echo;
        };
        CallbackController.Opening opening = (ctx, body) -> open(ctx, body, token, crypto, clock);
        return new CallbackController(PATH, verification, opening, inbound::accept, "success");
    }

    private static Map<String, String> open(Context ctx, String body, String token, CallbackCrypto crypto,
                                            Clock clock) {
        if ("aes".equals(ctx.queryParam("encrypt_type"))) {
            if (crypto == null) {
                throw new CallbackRejected(400, "safe mode used but no mp-aes-key is configured");
            }
            return crypto.open(ctx.queryParam("msg_signature"), ctx.queryParam("timestamp"),
                    ctx.queryParam("nonce"), body);
        }
        if (crypto != null) {
            throw new CallbackRejected(403, "plain-mode message refused: the account is configured for safe mode");
        }
        CallbackCrypto.checkTimestamp(ctx.queryParam("timestamp"), clock);
        CallbackCrypto.checkSignature(token, ctx.queryParam("signature"), ctx.queryParam("timestamp"),
                ctx.queryParam("nonce"), null);
        return SafeXml.fields(body);
    }
}
