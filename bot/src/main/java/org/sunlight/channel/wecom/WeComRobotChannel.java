package org.sunlight.channel.wecom;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import me.chanjar.weixin.common.error.WxErrorException;
import me.chanjar.weixin.cp.api.WxCpGroupRobotService;
import org.jdbi.v3.core.Jdbi;
import org.sunlight.channel.Channel;
import org.sunlight.channel.DeliveryException;
import org.sunlight.channel.OutboxItem;

/**
 * Posts into internal WeCom groups (committee, community, town, discipline) through a group
 * robot's webhook. The binding's target names the webhook key as {@code env:NAME} (or
 * {@code file:/path}); it is resolved at send time and never logged or stored. Each robot gets at
 * most {@value #PER_MINUTE} posts in any 60 s (counted from {@code wecom_robot_send}, so the budget
 * survives restarts); a message over the byte limits is split at line boundaries and its parts are
 * remembered, so a retry never reposts a part WeChat accepted. Images (≤ 2 MB PNG or JPEG) come
 * as a {@code data:} URI or an http(s) URL in the body. Thread-safe.
 */
public final class WeComRobotChannel implements Channel {

    public static final String NAME = "wecom-robot";
    public static final int PER_MINUTE = 20;
    public static final int MAX_IMAGE_BYTES = 2 * 1024 * 1024;
    private static final Duration WINDOW = Duration.ofSeconds(60);

    private final Jdbi jdbi;
    private final WeChatConfig config;
    /** Built on first send (see {@link WeComApi}). */
    private final WeComApi robotApi;
    private final Clock clock;
    /** Built on the first image fetched by URL: an HttpClient starts a selector thread. */
    private volatile HttpClient images;
    /** Robots WeChat itself said were over their limit, until when (kept in memory: it lasts a minute). */
    private final Map<String, Instant> blockedUntil = new ConcurrentHashMap<>();

    public WeComRobotChannel(Jdbi jdbi, WeChatConfig config, Clock clock) {
        this.jdbi = jdbi;
        this.config = config;
        this.robotApi = WeComApi.robotOnly(config);
        this.clock = clock;
    }

    private HttpClient images() {
        HttpClient client = images;
        if (client == null) {
            synchronized (this) {
                client = images;
                if (client == null) {
                    client = HttpClient.newBuilder().connectTimeout(config.timeout())
                            .followRedirects(HttpClient.Redirect.NORMAL).build();
                    images = client;
                }
            }
        }
        return client;
    }

    private WxCpGroupRobotService robots() {
        return robotApi.service().getGroupRobotService();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Instant nextAllowedAt(OutboxItem item) {
        return nextAllowedAt(item.target());
    }

    /** When the robot named by {@code target} may post again (null: now). */
    public Instant nextAllowedAt(String target) {
        Instant now = clock.instant();
        Instant blocked = blockedUntil.get(target);
        if (blocked != null && blocked.isAfter(now)) {
            return blocked;
        }
        List<Long> recent = jdbi.withHandle(handle -> handle.createQuery("SELECT sent_at FROM wecom_robot_send "
                        + "WHERE robot = :robot AND sent_at > :since ORDER BY sent_at DESC LIMIT :limit")
                .bind("robot", target).bind("since", now.minus(WINDOW).toEpochMilli()).bind("limit", PER_MINUTE)
                .mapTo(Long.class).list());
        if (recent.size() < PER_MINUTE) {
            return null;
        }
        return Instant.ofEpochMilli(recent.get(PER_MINUTE - 1)).plus(WINDOW).plusMillis(1);
    }

    @Override
    public void deliver(OutboxItem item) throws DeliveryException {
        String key;
        try {
            key = config.resolveSecretReference(item.target());
        } catch (IllegalStateException e) {
            throw new DeliveryException("robot " + item.target() + ": " + e.getMessage(), false);
        }
        String webhook = config.wecomBaseUrl() + "/cgi-bin/webhook/send?key=" + key;
        List<String> parts = switch (item.format()) {
            case "markdown" -> RobotMessages.split(item.body(), RobotMessages.MARKDOWN_MAX_BYTES);
            case "image" -> List.of(item.body());
            default -> RobotMessages.split(item.body(), RobotMessages.TEXT_MAX_BYTES);
        };
        for (int part = 0; part < parts.size(); part++) {
            if (alreadySent(item.id(), part)) {
                continue;
            }
            Instant allowed = nextAllowedAt(item.target());
            if (allowed != null && allowed.isAfter(clock.instant())) {
                throw DeliveryException.postpone("robot " + item.target() + " used its " + PER_MINUTE
                        + " posts a minute; part " + (part + 1) + "/" + parts.size() + " waits", allowed);
            }
            try {
                switch (item.format()) {
                    case "markdown" -> robots().sendMarkdown(webhook, parts.get(part));
                    case "image" -> sendImage(webhook, parts.get(part));
                    default -> robots().sendText(webhook, parts.get(part), null, null);
                }
            } catch (WxErrorException e) {
                if (WeComApi.isRateLimit(e.getError().getErrorCode())) {
                    blockedUntil.put(item.target(), clock.instant().plus(WINDOW));
                }
                throw WeComApi.failure(e, item, clock);
            } catch (RuntimeException e) {
                throw WeComApi.failure(e, item, clock);
            }
            recordSent(item, part);
        }
    }

    private boolean alreadySent(long outboxId, int part) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT count(*) FROM wecom_robot_send "
                        + "WHERE outbox_id = :id AND part = :part").bind("id", outboxId).bind("part", part)
                .mapTo(Integer.class).one() > 0);
    }

    private void recordSent(OutboxItem item, int part) {
        jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO wecom_robot_send (outbox_id, part, robot, sent_at) "
                        + "VALUES (:id, :part, :robot, :at) ON CONFLICT DO NOTHING").bind("id", item.id())
                .bind("part", part).bind("robot", item.target()).bind("at", clock.millis()).execute());
    }

    private void sendImage(String webhook, String body) throws WxErrorException, DeliveryException {
        byte[] image = loadImage(body.strip());
        if (image.length > MAX_IMAGE_BYTES) {
            throw new DeliveryException("image is " + image.length + " bytes; a WeCom robot takes at most "
                    + MAX_IMAGE_BYTES, false);
        }
        robots().sendImage(webhook, Base64.getEncoder().encodeToString(image), md5(image));
    }

    private byte[] loadImage(String body) throws DeliveryException {
        if (body.startsWith("data:")) {
            int comma = body.indexOf(',');
            if (comma < 0 || !body.substring(0, comma).endsWith(";base64")) {
                throw new DeliveryException("image body must be a base64 data: URI or an http(s) URL", false);
            }
            try {
                return Base64.getDecoder().decode(body.substring(comma + 1));
            } catch (IllegalArgumentException e) {
                throw new DeliveryException("image data is not valid base64", false);
            }
        }
        if (!body.startsWith("http://") && !body.startsWith("https://")) {
            throw new DeliveryException("image body must be a base64 data: URI or an http(s) URL", false);
        }
        try {
            HttpResponse<InputStream> response = images().send(HttpRequest.newBuilder(URI.create(body))
                    .timeout(config.timeout()).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                if (response.statusCode() != 200) {
                    throw new DeliveryException("image " + body + " answered HTTP " + response.statusCode(),
                            response.statusCode() >= 500);
                }
                return in.readNBytes(MAX_IMAGE_BYTES + 1);
            }
        } catch (IOException e) {
            throw new DeliveryException("image " + body + " could not be fetched: " + e.getMessage(), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException("interrupted while fetching the image", true);
        }
    }

    private static String md5(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
