package org.sunlight.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.sunlight.channel.callback.CallbackCrypto;
import org.sunlight.channel.callback.CallbackRejected;
import org.sunlight.channel.callback.SafeXml;
import org.sunlight.channel.fake.FakeWeChat;
import org.sunlight.channel.fake.SignedCallbacks;
import org.sunlight.channel.fake.WeChatFixture;

/**
 * Property-based fuzzing of the WeChat callback path: envelope extraction, signature check, AES
 * decryption (random bytes, any length, any padding) and inner XML parsing. Whatever arrives, the
 * answer is the fields or a clean {@link CallbackRejected} (400/403), never another exception.
 * {@code -Dfuzz.tries=N} runs longer.
 */
class CallbackFuzzTest {

    private static final Instant NOW = Instant.parse("2026-03-02T02:00:00Z");
    private static final String TOKEN = WeChatFixture.APP_TOKEN;
    private final CallbackCrypto crypto = new CallbackCrypto(TOKEN, WeChatFixture.APP_AES_KEY, FakeWeChat.CORP_ID,
            Clock.fixed(NOW, ZoneOffset.UTC));
    private final SignedCallbacks signer = SignedCallbacks.wecom(TOKEN, WeChatFixture.APP_AES_KEY, FakeWeChat.CORP_ID);

    private static String timestamp() {
        return String.valueOf(NOW.getEpochSecond());
    }

    private static String envelope(String cipher) {
        return "<xml><ToUserName><![CDATA[" + FakeWeChat.CORP_ID + "]]></ToUserName><Encrypt><![CDATA[" + cipher
                + "]]></Encrypt></xml>";
    }

    /** Opens a callback; a refusal is a clean outcome, anything else thrown fails the property. */
    private Map<String, String> openOrRefuse(String signature, String timestamp, String nonce, String body) {
        try {
            return crypto.open(signature, timestamp, nonce, body);
        } catch (CallbackRejected refused) {
            assertThat(refused.status()).isIn(400, 403);
            return null;
        }
    }

    @Property
    void anyBodyWithAnySignatureIsOpenedOrRefusedCleanly(@ForAll("bodies") String body,
                                                         @ForAll("signatures") String signature,
                                                         @ForAll("timestamps") String timestamp) {
        openOrRefuse(signature, timestamp, "123", body);
    }

    @Property
    void correctlySignedRandomCiphertextOfAnyLengthOrPaddingIsRefusedNeverThrown(
            @ForAll @Size(max = 400) byte[] cipherBytes) {
        String cipher = Base64.getEncoder().encodeToString(cipherBytes);
        String signature = CallbackCrypto.sha1(String.join("", sorted(TOKEN, timestamp(), "77", cipher)));

        Map<String, String> opened = openOrRefuse(signature, timestamp(), "77", envelope(cipher));

        assertThat(opened).as("random bytes never decrypt to a message for us").isNull();
    }

    @Property
    void anyInnerXmlThatDecryptsIsParsedOrRefusedCleanly(@ForAll("innerXml") String inner) {
        SignedCallbacks.Signed signed = signer.message(inner, NOW);
        Map<String, String> query = query(signed.query());

        openOrRefuse(query.get("msg_signature"), query.get("timestamp"), query.get("nonce"), signed.body());
    }

    /** Regression: found by this test; WxJava allocated the length the plaintext claimed (OutOfMemoryError). */
    @net.jqwik.api.Example
    void aSignedCiphertextClaimingAHugeMessageLengthIsRefused() {
        byte[] cipherBytes = new byte[64];
        for (int seed = 0; seed < 2_000; seed++) {
            new java.util.Random(seed).nextBytes(cipherBytes);
            correctlySignedRandomCiphertextOfAnyLengthOrPaddingIsRefusedNeverThrown(cipherBytes.clone());
        }
    }

    @Property
    void theXmlParserOnlyEverReturnsFieldsOrRefuses(@ForAll("innerXml") String xml) {
        try {
            assertThat(SafeXml.fields(xml)).isNotNull();
        } catch (CallbackRejected refused) {
            assertThat(refused.status()).isEqualTo(400);
        }
    }

    private static String[] sorted(String... parts) {
        java.util.Arrays.sort(parts);
        return parts;
    }

    private static Map<String, String> query(String query) {
        Map<String, String> values = new java.util.HashMap<>();
        for (String pair : query.split("&")) {
            String[] parts = pair.split("=", 2);
            values.put(parts[0], parts[1]);
        }
        return values;
    }

    @Provide
    Arbitrary<String> bodies() {
        Arbitrary<String> anything = Arbitraries.strings().ofMaxLength(300);
        Arbitrary<String> base64ish = Arbitraries.strings().withChars("ABCDEFabcdef0123456789+/=").ofMaxLength(200)
                .map(CallbackFuzzTest::envelope);
        Arbitrary<String> doctype = Arbitraries.of("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>",
                "<!doctype x>", "<!ENTITY a \"b\">", "<?xml version=\"1.0\"?>").flatMap(head ->
                base64ish.map(body -> head + body));
        Arbitrary<String> nested = Arbitraries.strings().ofMaxLength(50).map(text -> "<xml><Encrypt>"
                + text + "</Encrypt><Encrypt><![CDATA[" + text + "]]></Encrypt></xml>");
        return Arbitraries.oneOf(anything, base64ish, doctype, nested);
    }

    @Provide
    Arbitrary<String> signatures() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(60), Arbitraries.strings()
                .withChars("0123456789abcdefABCDEF").ofLength(40), Arbitraries.just(null));
    }

    @Provide
    Arbitrary<String> timestamps() {
        return Arbitraries.oneOf(Arbitraries.just(timestamp()), Arbitraries.longs().map(String::valueOf),
                Arbitraries.strings().ofMaxLength(25), Arbitraries.just(null));
    }

    @Provide
    Arbitrary<String> innerXml() {
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(80);
        Arbitrary<String> tag = Arbitraries.strings().withCharRange('A', 'z').ofMinLength(1).ofMaxLength(10);
        Arbitrary<String> element = Combinators.combine(tag, text).as((name, value) -> "<" + name + "><![CDATA["
                + value + "]]></" + name + ">");
        Arbitrary<String> wellFormed = element.list().ofMaxSize(6).map(elements -> "<xml>" + String.join("",
                elements) + "</xml>");
        Arbitrary<String> entities = Arbitraries.of("<!DOCTYPE a [<!ENTITY b \"c\">]><xml><B>&b;</B></xml>",
                "<xml><A>&amp;&lt;&#0;</A></xml>", "<xml><A>&undefined;</A></xml>", "<xml>", "</xml>", "",
                "<xml><A><![CDATA[]]]]><![CDATA[>]]></A></xml>");
        return Arbitraries.oneOf(wellFormed, text, entities);
    }
}
