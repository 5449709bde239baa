package org.sunlight.channel.fake;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import me.chanjar.weixin.common.util.crypto.SHA1;
import me.chanjar.weixin.common.util.crypto.WxCryptUtil;
import me.chanjar.weixin.cp.config.impl.WxCpDefaultConfigImpl;
import me.chanjar.weixin.cp.util.crypto.WxCpCryptUtil;
import me.chanjar.weixin.mp.config.impl.WxMpDefaultConfigImpl;
import me.chanjar.weixin.mp.util.crypto.WxMpCryptUtil;
import org.apache.commons.codec.binary.Base64;

/**
 * Makes callbacks the way WeChat does, with WxJava's own crypto (WxCpCryptUtil for WeCom,
 * WxMpCryptUtil for the Official Account) and SHA1, and posts them with a plain HTTP client so
 * the body bytes are exactly what WeChat would send.
 */
public final class SignedCallbacks {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final AtomicLong nonces = new AtomicLong(1_000_000);
    private final String token;
    private final WxCryptUtil crypt;
    private final String aesKey;
    private final String receiverId;

    private SignedCallbacks(String token, WxCryptUtil crypt, String aesKey, String receiverId) {
        this.token = token;
        this.crypt = crypt;
        this.aesKey = aesKey;
        this.receiverId = receiverId;
    }

    public static SignedCallbacks wecom(String token, String aesKey, String corpId) {
        WxCpDefaultConfigImpl config = new WxCpDefaultConfigImpl();
        config.setCorpId(corpId);
        config.setToken(token);
        config.setAesKey(aesKey);
        return new SignedCallbacks(token, new WxCpCryptUtil(config), aesKey, corpId);
    }

    public static SignedCallbacks mp(String token, String aesKey, String appId) {
        WxMpDefaultConfigImpl config = new WxMpDefaultConfigImpl();
        config.setAppId(appId);
        config.setToken(token);
        config.setAesKey(aesKey);
        return new SignedCallbacks(token, new WxMpCryptUtil(config), aesKey, appId);
    }

    /** A signed, encrypted callback: the query string and the envelope. */
    public record Signed(String query, String body) {
    }

    /** The same token and key, but encrypting for another corp id or app id (as if meant for someone else). */
    public SignedCallbacks forReceiver(String otherReceiverId) {
        return new SignedCallbacks(token, new WxCryptUtil(token, aesKey, otherReceiverId), aesKey, otherReceiverId);
    }

    public String encrypt(String plain) {
        return crypt.encrypt("a1b2c3d4e5f6g7h8", plain);
    }

    public Signed message(String plainXml, Instant at) {
        return envelope(encrypt(plainXml), at);
    }

    /**
     * A correctly signed callback whose ciphertext decrypts to WeChat's layout (16 random bytes,
     * length, message, receiver id) but ends in wrong PKCS#7 padding: the padding bytes are filled
     * to a whole block and the last byte is replaced by {@code lastByte}, or, for -1, claims one
     * byte more padding than was added.
     */
    public Signed withBadPadding(String plainXml, Instant at, int lastByte) {
        byte[] message = plainXml.getBytes(StandardCharsets.UTF_8);
        byte[] receiver = receiverId.getBytes(StandardCharsets.UTF_8);
        int unpadded = 16 + 4 + message.length + receiver.length;
        int padding = 32 - unpadded % 32;
        ByteBuffer plain = ByteBuffer.allocate(unpadded + padding);
        plain.put("a1b2c3d4e5f6g7h8".getBytes(StandardCharsets.US_ASCII)).putInt(message.length).put(message)
                .put(receiver);
        while (plain.hasRemaining()) {
            plain.put((byte) padding);
        }
        byte[] bytes = plain.array();
        bytes[bytes.length - 1] = (byte) (lastByte == -1 ? padding + 1 : lastByte);
        byte[] key = Base64.decodeBase64(aesKey + "=");
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(key, 0, 16));
            return envelope(Base64.encodeBase64String(cipher.doFinal(bytes)), at);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private Signed envelope(String cipher, Instant at) {
        String timestamp = String.valueOf(at.getEpochSecond());
        String nonce = String.valueOf(nonces.incrementAndGet());
        String signature = SHA1.gen(token, timestamp, nonce, cipher);
        String body = "<xml><ToUserName><![CDATA[" + FakeWeChat.CORP_ID + "]]></ToUserName><Encrypt><![CDATA["
                + cipher + "]]></Encrypt><AgentID><![CDATA[1000002]]></AgentID></xml>";
        return new Signed("msg_signature=" + signature + "&timestamp=" + timestamp + "&nonce=" + nonce, body);
    }

    /** WeCom's URL verification: echostr encrypted and signed. */
    public String verificationQuery(String echo, Instant at) {
        String cipher = encrypt(echo);
        String timestamp = String.valueOf(at.getEpochSecond());
        String nonce = String.valueOf(nonces.incrementAndGet());
        return "msg_signature=" + SHA1.gen(token, timestamp, nonce, cipher) + "&timestamp=" + timestamp
                + "&nonce=" + nonce + "&echostr=" + java.net.URLEncoder.encode(cipher, StandardCharsets.UTF_8);
    }

    /** The Official Account's plain signature over token, timestamp and nonce. */
    public String plainQuery(Instant at) {
        String timestamp = String.valueOf(at.getEpochSecond());
        String nonce = String.valueOf(nonces.incrementAndGet());
        return "signature=" + SHA1.gen(token, timestamp, nonce) + "&timestamp=" + timestamp + "&nonce=" + nonce;
    }

    public static String text(String from, String content, String msgId, Instant at) {
        return "<xml><ToUserName><![CDATA[" + FakeWeChat.CORP_ID + "]]></ToUserName><FromUserName><![CDATA[" + from
                + "]]></FromUserName><CreateTime>" + at.getEpochSecond() + "</CreateTime><MsgType><![CDATA[text]]>"
                + "</MsgType><Content><![CDATA[" + content + "]]></Content><MsgId>" + msgId + "</MsgId>"
                + "<AgentID>1000002</AgentID></xml>";
    }

    /**
     * Posts with {@code Expect: 100-continue}, so a body refused on its Content-Length is answered
     * (413) before the client sends it, instead of racing a closed connection.
     */
    public static HttpResponse<String> post(int port, String pathAndQuery, String body) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery)).expectContinue(true)
                .header("Content-Type", "text/xml").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public static HttpResponse<String> get(int port, String pathAndQuery) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery)).GET().build());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
