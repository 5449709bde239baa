package org.sunlight.channel.wecom;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import me.chanjar.weixin.common.error.WxErrorException;
import me.chanjar.weixin.common.error.WxRuntimeException;
import me.chanjar.weixin.common.util.http.RequestExecutor;
import me.chanjar.weixin.cp.api.WxCpService;
import me.chanjar.weixin.cp.api.impl.WxCpServiceImpl;
import me.chanjar.weixin.cp.config.impl.WxCpDefaultConfigImpl;
import org.sunlight.channel.DeliveryException;
import org.sunlight.channel.OutboxItem;
import org.sunlight.logging.SecretMasker;

/**
 * One WeCom API identity (corp id + one secret: the app's, 微信客服's or customer contact's)
 * through WxJava, which caches the access_token and refreshes it once on 42001/40014. WxJava's
 * own retry loop (sleeping on -1 inside the caller's thread, then losing the error code) is
 * switched off: the outbox retries with backoff instead. WxJava's client (and its Apache HTTP
 * client) is built on first use, not at start-up: building it cost a sixth of {@code serve}'s
 * start-up samples, for channels that may not send anything for minutes. Thread-safe.
 */
public final class WeComApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final WeChatConfig config;
    private final String corpId;
    private final String secret;
    private final Integer agentId;
    private volatile WxCpService service;

    WeComApi(WeChatConfig config, String corpId, String secret, Integer agentId) {
        this.config = config;
        this.corpId = corpId;
        this.secret = secret;
        this.agentId = agentId;
    }

    private WxCpService build() {
        WxCpDefaultConfigImpl storage = new WxCpDefaultConfigImpl();
        storage.setBaseApiUrl(config.wecomBaseUrl());
        storage.setCorpId(corpId);
        storage.setCorpSecret(secret);
        storage.setAgentId(agentId);
        storage.setApacheHttpClientBuilder(config.httpClientBuilder());
        WxCpServiceImpl cp = new NoRetryCpService();
        cp.setWxCpConfigStorage(storage);
        return cp;
    }

    /** A client for the group robot, which needs no corp identity (the webhook key is the credential). */
    static WeComApi robotOnly(WeChatConfig config) {
        return new WeComApi(config, "robot", "none", null);
    }

    WxCpService service() {
        WxCpService built = service;
        if (built == null) {
            synchronized (this) {
                built = service;
                if (built == null) {
                    built = build();
                    service = built;
                }
            }
        }
        return built;
    }

    /** POSTs JSON to a WeCom path (e.g. {@code /cgi-bin/message/send}); errcode ≠ 0 throws. */
    public JsonNode post(String path, ObjectNode body) throws WxErrorException {
        WxCpService cp = service();
        String response = cp.post(cp.getWxCpConfigStorage().getApiUrl(path), body.toString());
        return read(response);
    }

    static JsonNode read(String response) {
        try {
            return JSON.readTree(response == null || response.isEmpty() ? "{}" : response);
        } catch (java.io.IOException e) {
            throw new WxRuntimeException("WeChat answered with something that is not JSON");
        }
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /**
     * Turns a WeChat failure into an outbox outcome: system busy (-1), rate limits (45009, 130101,
     * 45033), a token still rejected after WxJava's one refresh, and network failures are retried
     * with backoff; anything else is permanent. The message never carries a URL or key.
     */
    public static DeliveryException classify(Exception error) {
        if (error instanceof WxErrorException wx) {
            int code = wx.getError().getErrorCode();
            String message = "WeChat error " + code + ": " + SecretMasker.mask(wx.getError().getErrorMsg());
            return new DeliveryException(message, isRetryable(code));
        }
        return new DeliveryException("WeChat unreachable: " + SecretMasker.mask(rootMessage(error)), true);
    }

    /** How long a message keeps waiting out a WeChat outage before failed attempts start to count. */
    public static final Duration OUTAGE_PATIENCE = Duration.ofHours(24);

    /**
     * Like {@link #classify}, but a transient failure (WeChat busy or unreachable, rate limits) of a
     * message younger than {@link #OUTAGE_PATIENCE} postpones it instead of using up one of the
     * outbox's few attempts: the wait grows with the message's age (half of it, 2 s to 30 min), so a
     * WeChat outage of hours delays messages without dead-lettering them or hammering WeChat.
     */
    public static DeliveryException failure(Exception error, OutboxItem item,
                                            Clock clock) {
        DeliveryException classified = error instanceof DeliveryException delivery ? delivery : classify(error);
        long age = clock.millis() - item.createdAt();
        if (!classified.retryable() || classified.notBefore() != null || age >= OUTAGE_PATIENCE.toMillis()) {
            return classified;
        }
        long wait = Math.min(Duration.ofMinutes(30).toMillis(), Math.max(2_000, age / 2));
        return DeliveryException.postpone(classified.getMessage(), Instant.ofEpochMilli(clock.millis() + wait));
    }

    static boolean isRetryable(int code) {
        // -99: WxJava's code for a request that got no answer (timeout, connection refused).
        return code == -1 || code == -99 || isRateLimit(code) || code == 42001 || code == 40014 || code == 40001;
    }

    static boolean isRateLimit(int code) {
        return code == 45009 || code == 130101 || code == 45033 || code == 45011;
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : " " + root.getMessage());
    }

    /** WxCpServiceImpl without the in-thread retry loop (see the class comment). */
    private static final class NoRetryCpService extends WxCpServiceImpl {
        @Override
        public <T, E> T execute(RequestExecutor<T, E> executor, String uri, E data) throws WxErrorException {
            return executeInternal(executor, uri, data, false);
        }
    }
}
