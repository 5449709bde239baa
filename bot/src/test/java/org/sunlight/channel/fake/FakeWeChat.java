package org.sunlight.channel.fake;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;

/**
 * A stand-in for WeChat's servers (qyapi.weixin.qq.com and api.weixin.qq.com) that speaks their
 * wire format (JSON with errcode/errmsg, access_token in the query) for every endpoint Sunlight
 * uses. It records every request with the time of the given clock, enforces the robot limit of 20
 * posts a minute and the access_token's validity, and injects failures on demand: an errcode for
 * the next calls to a path, "down" (every call answers -1), or slow answers.
 */
public final class FakeWeChat implements AutoCloseable {

    public static final String CORP_ID = "ww1c2d3e4f5a6b7c8d";
    public static final String MP_APP_ID = "wx8a1b2c3d4e5f6a7b";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as WeChat saw it. */
    public record Request(String method, String path, Map<String, String> query, String body, Instant at) {
        public JsonNode json() {
            try {
                return JSON.readTree(body.isEmpty() ? "{}" : body);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A customer group as groupchat/get describes it. */
    public record GroupChat(String chatId, String name, String owner) {
    }

    private final Clock clock;
    private final Javalin app;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Integer>> injected = new ConcurrentHashMap<>();
    private final Set<String> validTokens = ConcurrentHashMap.newKeySet();
    private final Set<String> secrets = ConcurrentHashMap.newKeySet();
    private final Set<String> robotKeys = ConcurrentHashMap.newKeySet();
    private final Map<String, List<Instant>> robotPosts = new ConcurrentHashMap<>();
    private final List<ObjectNode> kfMessages = new CopyOnWriteArrayList<>();
    private final Set<String> kfSentIds = ConcurrentHashMap.newKeySet();
    private final Map<String, GroupChat> groupChats = new LinkedHashMap<>();
    private final Map<String, ObjectNode> groupMessages = new ConcurrentHashMap<>();
    private final Set<String> confirmed = ConcurrentHashMap.newKeySet();
    private final AtomicInteger counter = new AtomicInteger();
    private volatile boolean down;
    private volatile long slowMillis;

    public FakeWeChat(Clock clock) {
        this.clock = clock;
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.before(this::record);
            config.routes.get("/cgi-bin/gettoken", this::corpToken);
            config.routes.get("/cgi-bin/token", this::mpToken);
            config.routes.post("/cgi-bin/webhook/send", this::robotSend);
            config.routes.post("/cgi-bin/webhook/upload_media", ctx -> answer(ctx, ok().put("type", "file")
                    .put("media_id", "media-" + counter.incrementAndGet()).put("created_at", "0")));
            config.routes.post("/cgi-bin/message/send", ctx -> withToken(ctx, () -> ok().put("msgid",
                    "app-" + counter.incrementAndGet())));
            config.routes.post("/cgi-bin/kf/sync_msg", ctx -> withToken(ctx, () -> syncMsg(ctx)));
            config.routes.post("/cgi-bin/kf/send_msg", ctx -> withToken(ctx, () -> kfSend(ctx)));
            config.routes.post("/cgi-bin/externalcontact/groupchat/list", ctx -> withToken(ctx, this::groupList));
            config.routes.post("/cgi-bin/externalcontact/groupchat/get", ctx -> withToken(ctx, () -> groupGet(ctx)));
            config.routes.post("/cgi-bin/externalcontact/add_msg_template",
                    ctx -> withToken(ctx, () -> addMsgTemplate(ctx)));
            config.routes.post("/cgi-bin/externalcontact/get_groupmsg_send_result",
                    ctx -> withToken(ctx, () -> sendResult(ctx)));
            config.routes.post("/cgi-bin/externalcontact/remind_groupmsg_send", ctx -> withToken(ctx, this::ok));
            config.routes.post("/cgi-bin/message/template/send", ctx -> withToken(ctx, () -> ok().put("msgid",
                    counter.incrementAndGet())));
            config.routes.post("/cgi-bin/message/custom/send", ctx -> withToken(ctx, this::ok));
        });
        app.start("127.0.0.1", 0);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + app.port();
    }

    // ---- set-up -------------------------------------------------------------------------------

    /** Secrets (corp app, kf, contact, mp) that gettoken/token accept. */
    public FakeWeChat acceptSecrets(String... accepted) {
        secrets.addAll(List.of(accepted));
        return this;
    }

    public FakeWeChat robot(String key) {
        robotKeys.add(key);
        return this;
    }

    public synchronized FakeWeChat groupChat(String chatId, String name, String owner) {
        groupChats.put(chatId, new GroupChat(chatId, name, owner));
        return this;
    }

    /** A customer's text message waiting in 微信客服, returned by the next sync_msg. */
    public FakeWeChat kfCustomerText(String msgId, String openKfId, String externalUserId, String text) {
        ObjectNode message = JSON.createObjectNode().put("msgid", msgId).put("open_kfid", openKfId)
                .put("external_userid", externalUserId).put("send_time", clock.instant().getEpochSecond())
                .put("origin", 3).put("msgtype", "text");
        message.putObject("text").put("content", text);
        kfMessages.add(message);
        return this;
    }

    /** The staff member confirmed the mass message in WeCom. */
    public void confirmGroupMessage(String msgId) {
        confirmed.add(msgId);
    }

    // ---- failures -----------------------------------------------------------------------------

    /** The next {@code times} calls to {@code path} answer {@code errcode}. */
    public void failNext(String path, int errcode, int times) {
        Deque<Integer> queue = injected.computeIfAbsent(path, key -> new ArrayDeque<>());
        synchronized (queue) {
            for (int i = 0; i < times; i++) {
                queue.add(errcode);
            }
        }
    }

    /** Every call answers -1 (system busy) until {@code down(false)}. */
    public void down(boolean down) {
        this.down = down;
    }

    /** Every answer is delayed by this long. */
    public void slow(Duration delay) {
        this.slowMillis = delay.toMillis();
    }

    /** Every issued access_token stops working (WeChat answers 42001 until a new one is fetched). */
    public void expireTokens() {
        validTokens.clear();
    }

    // ---- inspection ---------------------------------------------------------------------------

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public List<Request> requests(String path) {
        return requests.stream().filter(request -> request.path().equals(path)).toList();
    }

    /** Requests WeChat accepted (errcode 0 answered), to one path. */
    public List<Request> accepted(String path) {
        return accepted.stream().filter(request -> request.path().equals(path)).toList();
    }

    public List<Request> accepted(String path, Predicate<Request> filter) {
        return accepted(path).stream().filter(filter).toList();
    }

    private final List<Request> accepted = new CopyOnWriteArrayList<>();
    private final ThreadLocal<Request> current = new ThreadLocal<>();

    // ---- handlers -----------------------------------------------------------------------------

    private void record(Context ctx) {
        Map<String, String> query = new HashMap<>();
        ctx.queryParamMap().forEach((key, values) -> query.put(key, values.get(0)));
        Request request = new Request(ctx.method().name(), ctx.path(), Map.copyOf(query), ctx.body(),
                clock.instant());
        requests.add(request);
        current.set(request);
        if (slowMillis > 0) {
            try {
                Thread.sleep(slowMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Integer injectedError(Context ctx) {
        if (down) {
            return -1;
        }
        Deque<Integer> queue = injected.get(ctx.path());
        if (queue == null) {
            return null;
        }
        synchronized (queue) {
            return queue.poll();
        }
    }

    private void corpToken(Context ctx) {
        Integer error = injectedError(ctx);
        if (error != null) {
            answer(ctx, error(error));
        } else if (!CORP_ID.equals(ctx.queryParam("corpid")) || !secrets.contains(ctx.queryParam("corpsecret"))) {
            answer(ctx, error(40001));
        } else {
            answer(ctx, ok().put("access_token", newToken()).put("expires_in", 7200));
        }
    }

    private void mpToken(Context ctx) {
        Integer error = injectedError(ctx);
        if (error != null) {
            answer(ctx, error(error));
        } else if (!MP_APP_ID.equals(ctx.queryParam("appid")) || !secrets.contains(ctx.queryParam("secret"))) {
            answer(ctx, error(40125));
        } else {
            answer(ctx, JSON.createObjectNode().put("access_token", newToken()).put("expires_in", 7200));
        }
    }

    private String newToken() {
        String token = "TOKEN" + counter.incrementAndGet() + "x" + Long.toHexString(System.nanoTime());
        validTokens.add(token);
        return token;
    }

    private void robotSend(Context ctx) {
        Integer error = injectedError(ctx);
        String key = ctx.queryParam("key");
        if (error != null) {
            answer(ctx, error(error));
            return;
        }
        if (key == null || !robotKeys.contains(key)) {
            answer(ctx, error(93000));
            return;
        }
        JsonNode body = current.get().json();
        String type = body.path("msgtype").asText();
        boolean valid = switch (type) {
            case "text" -> bytes(body.path("text").path("content").asText()) <= 2048;
            case "markdown" -> bytes(body.path("markdown").path("content").asText()) <= 4096;
            case "image" -> !body.path("image").path("base64").asText().isEmpty()
                    && body.path("image").path("md5").asText().length() == 32;
            default -> false;
        };
        if (!valid) {
            answer(ctx, error(40058));
            return;
        }
        Instant now = clock.instant();
        List<Instant> posts = robotPosts.computeIfAbsent(key, k -> new ArrayList<>());
        synchronized (posts) {
            long inWindow = posts.stream().filter(at -> at.isAfter(now.minusSeconds(60))).count();
            if (inWindow >= 20) {
                answer(ctx, error(45009));
                return;
            }
            posts.add(now);
        }
        accept(ctx, ok());
    }

    private interface Answer {
        ObjectNode get() throws Exception;
    }

    private void withToken(Context ctx, Answer answer) throws Exception {
        Integer error = injectedError(ctx);
        if (error != null) {
            if (error == 42001) {
                validTokens.clear();
            }
            answer(ctx, error(error));
            return;
        }
        String token = ctx.queryParam("access_token");
        if (token == null || !validTokens.contains(token)) {
            answer(ctx, error(token == null ? 41001 : 42001));
            return;
        }
        ObjectNode response = answer.get();
        if (response.path("errcode").asInt() == 0) {
            accepted.add(current.get());
        }
        answer(ctx, response);
    }

    private ObjectNode syncMsg(Context ctx) {
        JsonNode body = current.get().json();
        if (body.path("token").asText().isEmpty() && body.path("cursor").asText().isEmpty()) {
            return error(95000);
        }
        int from = body.path("cursor").asText().isEmpty() ? 0 : Integer.parseInt(body.path("cursor").asText());
        int limit = Math.min(body.path("limit").asInt(1000), 1000);
        String openKfId = body.path("open_kfid").asText();
        List<ObjectNode> mine = kfMessages.stream().filter(m -> m.path("open_kfid").asText().equals(openKfId))
                .toList();
        int to = Math.min(mine.size(), from + limit);
        ObjectNode response = ok().put("next_cursor", String.valueOf(to)).put("has_more", to < mine.size() ? 1 : 0);
        ArrayNode list = response.putArray("msg_list");
        mine.subList(Math.min(from, to), to).forEach(list::add);
        return response;
    }

    private ObjectNode kfSend(Context ctx) {
        JsonNode body = current.get().json();
        String msgId = body.path("msgid").asText();
        if (!msgId.isEmpty() && !kfSentIds.add(msgId)) {
            return error(95017); // the same msgid twice: WeChat refuses the duplicate
        }
        return ok().put("msgid", msgId.isEmpty() ? "kf-" + counter.incrementAndGet() : msgId);
    }

    private synchronized ObjectNode groupList() {
        ObjectNode response = ok().put("next_cursor", "");
        ArrayNode list = response.putArray("group_chat_list");
        groupChats.keySet().forEach(chatId -> list.addObject().put("chat_id", chatId).put("status", 0));
        return response;
    }

    private synchronized ObjectNode groupGet(Context ctx) {
        GroupChat chat = groupChats.get(current.get().json().path("chat_id").asText());
        if (chat == null) {
            return error(701008);
        }
        ObjectNode response = ok();
        response.putObject("group_chat").put("chat_id", chat.chatId()).put("name", chat.name())
                .put("owner", chat.owner()).put("create_time", 1_700_000_000);
        return response;
    }

    private ObjectNode addMsgTemplate(Context ctx) {
        JsonNode body = current.get().json();
        if (!"group".equals(body.path("chat_type").asText()) || body.path("sender").asText().isEmpty()) {
            return error(40058);
        }
        String msgId = "msg" + counter.incrementAndGet();
        groupMessages.put(msgId, (ObjectNode) body);
        ObjectNode response = ok().put("msgid", msgId);
        response.putArray("fail_list");
        return response;
    }

    private ObjectNode sendResult(Context ctx) {
        String msgId = current.get().json().path("msgid").asText();
        ObjectNode message = groupMessages.get(msgId);
        if (message == null) {
            return error(41063);
        }
        ObjectNode response = ok().put("next_cursor", "");
        ArrayNode list = response.putArray("send_list");
        for (JsonNode chatId : message.path("chat_id_list")) {
            ObjectNode row = list.addObject().put("chat_id", chatId.asText())
                    .put("userid", message.path("sender").asText())
                    .put("status", confirmed.contains(msgId) ? 1 : 0);
            if (confirmed.contains(msgId)) {
                row.put("send_time", clock.instant().getEpochSecond());
            }
        }
        return response;
    }

    private ObjectNode ok() {
        return JSON.createObjectNode().put("errcode", 0).put("errmsg", "ok");
    }

    private static ObjectNode error(int code) {
        String message = switch (code) {
            case -1 -> "system busy";
            case 45009 -> "api freq out of limit";
            case 42001 -> "access_token expired";
            case 40001 -> "invalid credential";
            case 93000 -> "invalid webhook url";
            default -> "error " + code;
        };
        return JSON.createObjectNode().put("errcode", code).put("errmsg", message);
    }

    private void accept(Context ctx, ObjectNode response) {
        accepted.add(current.get());
        answer(ctx, response);
    }

    private static void answer(Context ctx, ObjectNode response) {
        ctx.contentType("application/json; charset=utf-8").result(response.toString());
    }

    private static int bytes(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    @Override
    public void close() {
        app.stop();
    }
}
