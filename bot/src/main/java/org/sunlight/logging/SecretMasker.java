package org.sunlight.logging;

import java.util.regex.Pattern;

/**
 * Hides secrets that libraries put in URLs and messages (WeChat's {@code access_token=}, a robot
 * webhook's {@code key=}, {@code secret=}, AES keys) before a line is written anywhere.
 */
public final class SecretMasker {

    private static final Pattern QUERY_SECRETS = Pattern.compile(
            "(?i)((?:access_token|key|secret|corpsecret|encodingaeskey|aeskey|password|token)=)[^&\\s\"']+");
    private static final Pattern JSON_SECRETS = Pattern.compile(
            "(?i)(\"(?:access_token|secret|corpsecret|encodingAesKey|aesKey|password|token)\"\\s*:\\s*\")[^\"]+");

    private SecretMasker() {
    }

    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String masked = QUERY_SECRETS.matcher(text).replaceAll("$1***");
        return JSON_SECRETS.matcher(masked).replaceAll("$1***");
    }
}
