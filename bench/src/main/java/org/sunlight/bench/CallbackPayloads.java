package org.sunlight.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import me.chanjar.weixin.common.util.crypto.SHA1;
import me.chanjar.weixin.cp.config.impl.WxCpDefaultConfigImpl;
import me.chanjar.weixin.cp.util.crypto.WxCpCryptUtil;

/**
 * Pre-signed, encrypted WeCom app callbacks with unique MsgIds, one file per wrk thread, one
 * callback per line ({@code query TAB body}), made with WxJava's own crypto as WeChat would.
 */
public final class CallbackPayloads {

    public static final String CORP_ID = "wwbench0000000001";
    public static final String TOKEN = "benchToken";
    public static final String AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

    /** MsgIds of the measured load start here; a warm-up's are below, so the count can tell them apart. */
    public static final long MEASURED_FIRST_MSG_ID = 7_000_000_000_000_000L;

    /** Warm-up MsgIds (same 19 digits, so they sort below the measured ones as text too). */
    public static final long WARM_UP_FIRST_MSG_ID = 6_000_000_000_000_000L;

    /**
     * Who sends: the bench deployment's owners ({@code staff-N}, each message a question), or with
     * {@code SUNLIGHT_BENCH_CALLBACK_SENDERS=unknown} people the registry does not know, whose messages
     * are only answered "please register": a measure of the acknowledgement path with next to no
     * processing behind it.
     */
    static final String SENDER_PREFIX = "unknown".equals(System.getenv("SUNLIGHT_BENCH_CALLBACK_SENDERS"))
            ? "stranger-" : "staff-";

    private CallbackPayloads() {
    }

    public static void write(Path directory, int threads, int perThread, Instant at) throws IOException {
        write(directory, threads, perThread, at, MEASURED_FIRST_MSG_ID);
    }

    /** As {@link #write(Path, int, int, Instant)}, numbering MsgIds after {@code firstMsgId}. */
    public static void write(Path directory, int threads, int perThread, Instant at, long firstMsgId)
            throws IOException {
        WxCpDefaultConfigImpl config = new WxCpDefaultConfigImpl();
        config.setCorpId(CORP_ID);
        config.setToken(TOKEN);
        config.setAesKey(AES_KEY);
        WxCpCryptUtil crypt = new WxCpCryptUtil(config);
        String timestamp = String.valueOf(at.getEpochSecond());
        long msgId = firstMsgId;
        for (int thread = 1; thread <= threads; thread++) {
            try (BufferedWriter out = Files.newBufferedWriter(directory.resolve("payloads-" + thread + ".txt"),
                    StandardCharsets.UTF_8)) {
                for (int i = 0; i < perThread; i++) {
                    msgId++;
                    String plain = "<xml><ToUserName><![CDATA[" + CORP_ID + "]]></ToUserName><FromUserName><![CDATA["
                            + SENDER_PREFIX + (i % 50) + "]]></FromUserName><CreateTime>" + timestamp + "</CreateTime>"
                            + "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[提问 小区东门的路灯坏了三天，"
                            + "什么时候修？]]></Content><MsgId>" + msgId + "</MsgId><AgentID>1000002</AgentID></xml>";
                    String cipher = crypt.encrypt("a1b2c3d4e5f6g7h8", plain);
                    String nonce = String.valueOf(msgId);
                    String signature = SHA1.gen(TOKEN, timestamp, nonce, cipher);
                    out.write("msg_signature=" + signature + "&timestamp=" + timestamp + "&nonce=" + nonce + "\t"
                            + "<xml><ToUserName><![CDATA[" + CORP_ID + "]]></ToUserName><Encrypt><![CDATA[" + cipher
                            + "]]></Encrypt><AgentID><![CDATA[1000002]]></AgentID></xml>\n");
                }
            }
        }
    }
}
