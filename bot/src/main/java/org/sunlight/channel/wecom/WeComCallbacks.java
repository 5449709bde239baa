package org.sunlight.channel.wecom;

import java.time.Clock;
import java.util.Map;
import java.util.function.Consumer;

import org.sunlight.channel.callback.CallbackController;
import org.sunlight.channel.callback.CallbackCrypto;

/** WeCom's callback URLs: {@code /wecom/app/callback} (self-built app) and {@code /wecom/kf/callback} (微信客服). */
public final class WeComCallbacks {

    public static final String APP_PATH = "/wecom/app/callback";
    public static final String KF_PATH = "/wecom/kf/callback";

    private WeComCallbacks() {
    }

    static CallbackController controller(String path, String token, String aesKey, String corpId, Clock clock,
                                         Consumer<Map<String, String>> handler) {
        CallbackCrypto crypto = new CallbackCrypto(token, aesKey, corpId, clock);
        return new CallbackController(path,
                ctx -> crypto.verifyUrl(ctx.queryParam("msg_signature"), ctx.queryParam("timestamp"),
                        ctx.queryParam("nonce"), ctx.queryParam("echostr")),
                (ctx, body) -> crypto.open(ctx.queryParam("msg_signature"), ctx.queryParam("timestamp"),
                        ctx.queryParam("nonce"), body),
                handler, "");
    }
}
