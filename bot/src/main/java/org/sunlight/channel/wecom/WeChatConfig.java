package org.sunlight.channel.wecom;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * WeChat settings: WeCom (corp, app, 微信客服, customer contact) and the Official Account. Every
 * value is optional; a part whose values are missing stays off, and with none at all Sunlight runs
 * on the sandbox only. Secrets (app secrets, callback tokens, EncodingAESKeys, the admin token) are
 * read only from the environment ({@code SUNLIGHT_WECOM_APP_SECRET}) or from a file named by the
 * matching {@code -file} key ({@code wecom-app-secret-file}), never from the deployment file.
 * {@link #toString()} never shows a secret.
 */
public final class WeChatConfig {

    /** Plain (non-secret) keys, settable in {@code sunlight.properties}, the environment or the command line. */
    public static final Set<String> KEYS = Set.of("wecom-api-base-url", "mp-api-base-url", "wecom-corp-id",
            "wecom-agent-id", "mp-app-id", "mp-template-id", "wechat-timeout-millis", "wecom-group-remind-hours",
            "wecom-group-late-hours", "wecom-app-secret-file", "wecom-app-token-file", "wecom-app-aes-key-file",
            "wecom-kf-secret-file", "wecom-kf-token-file", "wecom-kf-aes-key-file", "wecom-contact-secret-file",
            "mp-secret-file", "mp-token-file", "mp-aes-key-file", "admin-token-file");

    /** Keys whose values are secrets: environment or file only. */
    static final Set<String> SECRET_KEYS = Set.of("wecom-app-secret", "wecom-app-token", "wecom-app-aes-key",
            "wecom-kf-secret", "wecom-kf-token", "wecom-kf-aes-key", "wecom-contact-secret", "mp-secret", "mp-token",
            "mp-aes-key", "admin-token");

    private final Map<String, String> values;
    private final Map<String, String> environment;

    private WeChatConfig(Map<String, String> values, Map<String, String> environment) {
        this.values = Map.copyOf(values);
        this.environment = Map.copyOf(environment);
    }

    /** No WeChat at all (the sandbox-only quick start). */
    public static WeChatConfig none() {
        return new WeChatConfig(Map.of(), Map.of());
    }

    /**
     * Resolves the settings from the already merged plain values and the environment (for secrets
     * and for robot keys named in bindings as {@code env:NAME}).
     */
    public static WeChatConfig resolve(Map<String, String> plainValues, Map<String, String> environment) {
        java.util.HashMap<String, String> values = new java.util.HashMap<>();
        for (String key : KEYS) {
            String value = plainValues.get(key);
            if (value != null && !value.isBlank()) {
                values.put(key, value.strip());
            }
        }
        for (String key : SECRET_KEYS) {
            String env = environment.get(envName(key));
            String file = values.get(key + "-file");
            if (env != null && !env.isBlank()) {
                values.put(key, env.strip());
            } else if (file != null) {
                values.put(key, readSecretFile(key, Path.of(file)));
            }
        }
        WeChatConfig config = new WeChatConfig(values, environment);
        config.validate();
        return config;
    }

    /** Whether a key names a secret (which must come from the environment or a file). */
    public static boolean isSecret(String key) {
        return SECRET_KEYS.contains(key);
    }

    public static String envName(String key) {
        return "SUNLIGHT_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    private static String readSecretFile(String key, Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalArgumentException(key + "-file: cannot read " + file + ": " + e.getMessage());
        }
    }

    private void validate() {
        agentId();
        timeout();
        groupRemindAfter();
        groupLateAfter();
        for (String key : Set.of("wecom-app-aes-key", "wecom-kf-aes-key", "mp-aes-key")) {
            String aesKey = values.get(key);
            if (aesKey != null && aesKey.length() != 43) {
                throw new IllegalArgumentException(key + " must be the 43-character EncodingAESKey, not "
                        + aesKey.length() + " characters");
            }
        }
    }

    private Optional<String> value(String key) {
        return Optional.ofNullable(values.get(key));
    }

    private String require(String key) {
        return value(key).orElseThrow(() -> new IllegalStateException(key + " is not configured"));
    }

    public String wecomBaseUrl() {
        return stripSlash(value("wecom-api-base-url").orElse("https://qyapi.weixin.qq.com"));
    }

    public String mpBaseUrl() {
        return stripSlash(value("mp-api-base-url").orElse("https://api.weixin.qq.com"));
    }

    public String corpId() {
        return require("wecom-corp-id");
    }

    public Integer agentId() {
        return value("wecom-agent-id").map(text -> {
            try {
                return Integer.valueOf(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("wecom-agent-id must be a number, not '" + text + "'");
            }
        }).orElse(null);
    }

    public Duration timeout() {
        return Duration.ofMillis(positive("wechat-timeout-millis", 5_000));
    }

    public Duration groupRemindAfter() {
        return Duration.ofHours(positive("wecom-group-remind-hours", 4));
    }

    public Duration groupLateAfter() {
        return Duration.ofHours(positive("wecom-group-late-hours", 24));
    }

    private long positive(String key, long fallback) {
        String text = values.get(key);
        if (text == null) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text);
            if (value <= 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a positive whole number, not '" + text + "'");
        }
    }

    /** The self-built app can send (message/send). */
    public boolean appEnabled() {
        return has("wecom-corp-id", "wecom-app-secret", "wecom-agent-id");
    }

    /** The self-built app's callback URL is served. */
    public boolean appCallbackEnabled() {
        return has("wecom-corp-id", "wecom-app-token", "wecom-app-aes-key");
    }

    public boolean kfEnabled() {
        return has("wecom-corp-id", "wecom-kf-secret");
    }

    public boolean kfCallbackEnabled() {
        return kfEnabled() && has("wecom-kf-token", "wecom-kf-aes-key");
    }

    /** Customer contact (customer groups, groupchat/list). */
    public boolean contactEnabled() {
        return has("wecom-corp-id", "wecom-contact-secret");
    }

    public boolean mpEnabled() {
        return has("mp-app-id", "mp-secret");
    }

    public boolean mpCallbackEnabled() {
        return has("mp-app-id", "mp-token");
    }

    /** Whether any WeChat part is configured. */
    public boolean anyEnabled() {
        return appEnabled() || appCallbackEnabled() || kfEnabled() || contactEnabled() || mpEnabled();
    }

    private boolean has(String... keys) {
        for (String key : keys) {
            if (!values.containsKey(key)) {
                return false;
            }
        }
        return true;
    }

    String appSecret() {
        return require("wecom-app-secret");
    }

    String appToken() {
        return require("wecom-app-token");
    }

    String appAesKey() {
        return require("wecom-app-aes-key");
    }

    String kfSecret() {
        return require("wecom-kf-secret");
    }

    String kfToken() {
        return require("wecom-kf-token");
    }

    String kfAesKey() {
        return require("wecom-kf-aes-key");
    }

    String contactSecret() {
        return require("wecom-contact-secret");
    }

    public String mpAppId() {
        return require("mp-app-id");
    }

    public String mpSecret() {
        return require("mp-secret");
    }

    public String mpToken() {
        return require("mp-token");
    }

    public Optional<String> mpAesKey() {
        return value("mp-aes-key");
    }

    public Optional<String> mpTemplateId() {
        return value("mp-template-id");
    }

    /** The HTTP client builder WxJava should use: bounded timeouts, no automatic retries. */
    public me.chanjar.weixin.common.util.http.apache.ApacheHttpClientBuilder httpClientBuilder() {
        return new WeChatHttp(timeout());
    }

    /** The token guarding the admin endpoints, when set. */
    public Optional<String> adminToken() {
        return value("admin-token");
    }

    /**
     * Resolves a secret reference from a binding's target: {@code env:NAME} (environment) or
     * {@code file:/path}. Plain values are refused so keys stay out of the deployment file.
     */
    public String resolveSecretReference(String reference) {
        if (reference.startsWith("env:")) {
            String name = reference.substring(4);
            String value = environment.get(name);
            if (value == null || value.isBlank()) {
                throw new IllegalStateException("environment variable " + name + " is not set");
            }
            return value.strip();
        }
        if (reference.startsWith("file:")) {
            return readSecretFile(reference, Path.of(reference.substring(5)));
        }
        throw new IllegalStateException("a robot key must be referenced as env:NAME or file:/path, "
                + "never written into the deployment file");
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("WeChatConfig[");
        values.keySet().stream().sorted().forEach(key -> text.append(key).append('=')
                .append(SECRET_KEYS.contains(key) ? "***" : values.get(key)).append(' '));
        return text.append(']').toString();
    }
}
