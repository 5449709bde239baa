package org.sunlight.channel.wecom;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import io.javalin.testtools.JavalinTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sunlight.app.Sunlight;
import org.sunlight.app.TestSunlight;
import org.sunlight.channel.OutboundMessage;
import org.sunlight.channel.fake.WeChatFixture;

class WeChatAdminTest {

    private static final String TOKEN = "admin-token-for-tests-0123456789";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path directory;

    private WeChatFixture fixture;

    @BeforeEach
    void start() {
        fixture = WeChatFixture.start(directory);
        fixture.fake.groupChat("wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA", "锦绣花园业主群", "ZhouJingli");
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private static HttpResponse<String> send(int port, String method, String path, String authorization,
                                             String cookie, String form) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        if ("POST".equals(method)) {
            request.header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form == null ? "" : form));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A message WeChat refused for good (60011: no privilege for this user, e.g. before a fix in the console). */
    private long deadMessage() {
        fixture.fake.failNext("/cgi-bin/message/send", 60011, 1);
        long id = fixture.sunlight.outbox().enqueue(new OutboundMessage("notice:dead", WeComAppInbound.CHANNEL,
                "ChenJian", OutboundMessage.Format.TEXT, "通知"));
        fixture.sunlight.outboxWorker().deliverDue();
        assertThat(fixture.sunlight.outbox().find(id).orElseThrow().state()).isEqualTo("dead");
        return id;
    }

    @Test
    void aDeadMessageIsListedAndTheRetryButtonDeliversItOnce() {
        long id = deadMessage();
        JavalinTest.test(fixture.sunlight.web(), (server, client) -> {
            assertThat(send(server.port(), "GET", "/admin/api/outbox/dead", null, null, null).statusCode())
                    .isEqualTo(401);
            HttpResponse<String> listed = send(server.port(), "GET", "/admin/api/outbox/dead", "Bearer " + TOKEN,
                    null, null);
            assertThat(listed.body()).contains("notice:dead", "60011");

            HttpResponse<String> retried = send(server.port(), "POST", "/admin/outbox/" + id + "/retry",
                    "Bearer " + TOKEN, null, "");
            assertThat(retried.statusCode()).isEqualTo(302);
        });
        fixture.sunlight.outboxWorker().deliverDue();

        assertThat(fixture.sunlight.outbox().find(id).orElseThrow().state()).isEqualTo("sent");
        assertThat(fixture.fake.accepted("/cgi-bin/message/send")).hasSize(1);
    }

    @Test
    void thePageNeedsTheAdminTokenAndThenShowsDeadMessagesAndGroupsAndBinds() {
        deadMessage();
        JavalinTest.test(fixture.sunlight.web(), (server, client) -> {
            assertThat(send(server.port(), "GET", "/admin/wechat", null, null, null).headers()
                    .firstValue("Location")).hasValue("/admin/login");
            assertThat(send(server.port(), "POST", "/admin/login", null, null, "token=wrong").statusCode())
                    .isEqualTo(401);
            HttpResponse<String> login = send(server.port(), "POST", "/admin/login", null, null, "token=" + TOKEN);
            String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];

            HttpResponse<String> page = send(server.port(), "GET", "/admin/wechat", null, cookie, null);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("发送失败的消息", "重试", "锦绣花园业主群", "未绑定");

            HttpResponse<String> bound = send(server.port(), "POST", "/admin/wechat/bind", null, cookie,
                    "complex=jinxiu&chatId=wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA");
            assertThat(bound.statusCode()).isEqualTo(302);
            assertThat(send(server.port(), "POST", "/admin/wechat/bind", null, null,
                    "complex=jinxiu&chatId=x").statusCode()).isEqualTo(401);
        });
        assertThat(fixture.sunlight.wechat().groups().orElseThrow().bindings()).hasSize(1);
    }

    @Test
    void withoutAnAdminTokenThereAreNoAdminPages() {
        try (Sunlight plain = TestSunlight.create(directory.resolve("plain"))) {
            JavalinTest.test(plain.web(), (server, client) -> {
                assertThat(client.get("/admin/wechat").code()).isEqualTo(404);
                assertThat(client.get("/admin/api/outbox/dead").code()).isEqualTo(404);
            });
        }
    }
}
