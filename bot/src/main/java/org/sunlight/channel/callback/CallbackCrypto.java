package org.sunlight.channel.callback;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.apache.commons.codec.binary.Base64;

/**
 * Authenticates and opens WeChat's encrypted callbacks (WeCom app, 微信客服, Official Account in
 * safe mode): timestamp within ±5 minutes of the injected clock, SHA-1 signature over token,
 * timestamp, nonce and the ciphertext compared in constant time, and only then AES decryption
 * (WeChat's scheme as WxJava implements it, plus the padding, length and receiver id checks WxJava
 * lacks) and a hardened parse. The
 * ciphertext is taken from the envelope with a strict pattern, so nothing unauthenticated reaches
 * an XML parser. Thread-safe.
 */
public final class CallbackCrypto {

    public static final Duration WINDOW = Duration.ofMinutes(5);
    private static final Pattern ENCRYPT = Pattern.compile(
            "<Encrypt>\\s*(?:<!\\[CDATA\\[([A-Za-z0-9+/=]{1,200000})]]>|([A-Za-z0-9+/=]{1,200000}))\\s*</Encrypt>");

    private final String token;
    private final byte[] aesKey;
    private final byte[] receiverId;
    private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(this::newCipher);
    private final Clock clock;

    public CallbackCrypto(String token, String encodingAesKey, String receiverId, Clock clock) {
        this.token = token;
        // Decoded as WxJava does (commons-codec, lenient about the last character's trailing bits).
        this.aesKey = Base64.decodeBase64(encodingAesKey + "=");
        this.receiverId = receiverId.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
    }

    /** URL verification: checks the request and returns the decrypted echostr to answer with. */
    public String verifyUrl(String signature, String timestamp, String nonce, String echostr) {
        if (echostr == null || echostr.isEmpty()) {
            throw new CallbackRejected(400, "echostr missing");
        }
        checkTimestamp(timestamp);
        checkSignature(signature, timestamp, nonce, echostr);
        return decrypt(echostr);
    }

    /** A message: checks the request, decrypts the envelope's ciphertext and parses the inner XML. */
    public Map<String, String> open(String signature, String timestamp, String nonce, String body) {
        if (SafeXml.containsDoctype(body)) {
            throw new CallbackRejected(400, "XML with a DOCTYPE is refused");
        }
        checkTimestamp(timestamp);
        Matcher matcher = ENCRYPT.matcher(body);
        if (!matcher.find()) {
            throw new CallbackRejected(400, "no Encrypt element");
        }
        String cipherText = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
        checkSignature(signature, timestamp, nonce, cipherText);
        return SafeXml.fields(decrypt(cipherText));
    }

    /**
     * Decrypts and checks the plaintext, returning the message it carries. WxJava's {@code WxCryptUtil}
     * trusts the message length inside the plaintext and allocates that much: a signed but corrupt
     * ciphertext could claim two gigabytes and exhaust memory (found by CallbackFuzzTest). WxJava 4.7
     * also ignores a malformed PKCS#7 padding (reading it as none) and does not compare the receiver id
     * at the end of the plaintext with ours (found by CallbackRefusalsTest). So this refuses a padding
     * that is not 1 to 32 equal bytes, a length that does not fit, and a receiver id other than the
     * configured corp id or app id, and then takes the message from the plaintext it already has, as
     * WxJava would (decrypting twice cost a second cipher set-up and key expansion per callback).
     */
    private String decrypt(String cipherText) {
        byte[] plain;
        try {
            plain = ciphers.get().doFinal(Base64.decodeBase64(cipherText));
        } catch (GeneralSecurityException | RuntimeException e) {
            ciphers.remove(); // its state after a failure is not promised
            throw new CallbackRejected(400, "ciphertext cannot be opened");
        }
        if (plain.length < 20) {
            throw new CallbackRejected(400, "ciphertext cannot be opened");
        }
        int pad = plain[plain.length - 1] & 0xff;
        if (pad < 1 || pad > 32 || pad > plain.length - 20) {
            throw new CallbackRejected(400, "ciphertext cannot be opened");
        }
        for (int i = plain.length - pad; i < plain.length; i++) {
            if ((plain[i] & 0xff) != pad) {
                throw new CallbackRejected(400, "ciphertext cannot be opened");
            }
        }
        int unpadded = plain.length - pad;
        long declared = ((plain[16] & 0xffL) << 24) | ((plain[17] & 0xffL) << 16) | ((plain[18] & 0xffL) << 8)
                | (plain[19] & 0xffL);
        if (20 + declared > unpadded) {
            throw new CallbackRejected(400, "ciphertext cannot be opened");
        }
        byte[] receiver = Arrays.copyOfRange(plain, 20 + (int) declared, unpadded);
        if (!MessageDigest.isEqual(receiver, receiverId)) {
            throw new CallbackRejected(400, "ciphertext cannot be opened");
        }
        return new String(plain, 20, (int) declared, StandardCharsets.UTF_8);
    }

    /**
     * A decrypting cipher per thread, initialised once: WeChat's IV is the key's first 16 bytes, so
     * the state {@code doFinal} returns the cipher to is the one every message needs.
     */
    private Cipher newCipher() {
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(aesKey, "AES"), new IvParameterSpec(aesKey, 0, 16));
            return cipher;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CBC is not available", e);
        }
    }

    void checkTimestamp(String timestamp) {
        checkTimestamp(timestamp, clock);
    }

    /** Refuses a missing, malformed or stale (more than 5 minutes off) timestamp. */
    public static void checkTimestamp(String timestamp, Clock clock) {
        long seconds;
        try {
            seconds = Long.parseLong(timestamp == null ? "" : timestamp);
        } catch (NumberFormatException e) {
            throw new CallbackRejected(400, "timestamp missing or malformed");
        }
        long skew = Math.abs(clock.millis() / 1000 - seconds);
        if (skew > WINDOW.toSeconds()) {
            throw new CallbackRejected(403, "stale timestamp (" + skew + " s off)");
        }
    }

    private void checkSignature(String signature, String timestamp, String nonce, String payload) {
        checkSignature(token, signature, timestamp, nonce, payload);
    }

    /** SHA-1 over the sorted parts, compared in constant time. {@code payload} may be null (plain mode). */
    public static void checkSignature(String token, String signature, String timestamp, String nonce,
                                      String payload) {
        if (signature == null || nonce == null) {
            throw new CallbackRejected(403, "signature missing");
        }
        String[] parts = payload == null ? new String[] {token, timestamp, nonce}
                : new String[] {token, timestamp, nonce, payload};
        Arrays.sort(parts);
        String expected = sha1(String.join("", parts));
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                signature.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
            throw new CallbackRejected(403, "bad signature");
        }
    }

    public static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
