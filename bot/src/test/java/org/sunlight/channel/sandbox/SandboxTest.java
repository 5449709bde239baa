package org.sunlight.channel.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sunlight.app.Sunlight;
import org.sunlight.app.TestSunlight;

class SandboxTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JINXIU = "complex:jinxiu:owners";

    @TempDir
    Path directory;

    private Sunlight sunlight;

    @BeforeEach
    void startSunlight() {
        sunlight = TestSunlight.create(directory);
        sunlight.startWorkers();
    }

    @AfterEach
    void stopSunlight() {
        sunlight.close();
    }

    private static Response say(HttpClient client, String target, String person, String text) {
        return client.post("/sandbox/api/groups/" + target + "/messages", Map.of("person", person, "text", text));
    }

    private static JsonNode messages(HttpClient client, String target) throws Exception {
        return JSON.readTree(client.get("/sandbox/api/groups/" + target + "/messages?after=0").body().string())
                .get("messages");
    }

    private static List<String> botLines(JsonNode messages) {
        return java.util.stream.StreamSupport.stream(messages.spliterator(), false)
                .filter(message -> message.get("senderCode").isNull())
                .map(message -> message.get("text").asText()).toList();
    }

    @Test
    void servesHealthAndTheSandboxWithTheDemoComplexes() {
        JavalinTest.test(sunlight.web(), (server, client) -> {
            Response health = client.get("/health");
            assertThat(health.code()).isEqualTo(200);
            assertThat(health.body().string()).contains("\"status\":\"ok\"");

            String page = client.get("/sandbox").body().string();
            assertThat(page).contains("锦绣花园 小微权力监督群", "阳光苑 小微权力监督群", "湖畔家园 小微权力监督群",
                    "东园社区 社区工作群", "青山镇 纪委监督群");
        });
    }

    @Test
    void anOwnerAsksForHelpAndTheBotListsWhatAnOwnerCanDo() {
        JavalinTest.test(sunlight.web(), (server, client) -> {
            assertThat(say(client, JINXIU, "wang-fang", "帮助").code()).isEqualTo(202);

            await().atMost(Duration.ofSeconds(10)).until(() -> !botLines(messages(client, JINXIU)).isEmpty());
            JsonNode history = messages(client, JINXIU);
            assertThat(history.get(0).get("senderName").asText()).isEqualTo("王芳");
            String reply = botLines(history).get(0);
            assertThat(reply).startsWith("王芳（业主）您好，我是阳光监督助手。")
                    .contains("• 帮助 —— 查看我能为您做什么")
                    .contains("锦绣花园的全部公示和答复都留存在公开页面：")
                    .endsWith("/c/jinxiu");
        });
    }

    @Test
    void theEnglishAliasAndAMentionWorkToo() {
        JavalinTest.test(sunlight.web(), (server, client) -> {
            say(client, JINXIU, "chen-jian", "@阳光监督助手 help");

            await().atMost(Duration.ofSeconds(10)).until(() -> !botLines(messages(client, JINXIU)).isEmpty());
            assertThat(botLines(messages(client, JINXIU)).get(0)).contains("陈建（业主、业委会）");
        });
    }

    @Test
    void ordinaryChatterInTheGroupGetsNoReplyButAPrivateChatDoes() throws Exception {
        JavalinTest.test(sunlight.web(), (server, client) -> {
            say(client, JINXIU, "li-qiang", "今天电梯又坏了");
            say(client, "private:li-qiang", "li-qiang", "今天电梯又坏了");

            await().atMost(Duration.ofSeconds(10)).until(() -> !botLines(messages(client, "private:li-qiang"))
                    .isEmpty());
            assertThat(botLines(messages(client, "private:li-qiang")).get(0)).contains("没有看懂", "帮助");
            sunlight.inbound().processPending();
            sunlight.outboxWorker().deliverDue();
            assertThat(botLines(messages(client, JINXIU))).isEmpty();
        });
    }

    @Test
    void refusesSomeoneOutsideTheGroupAndEmptyOrOversizedMessages() {
        JavalinTest.test(sunlight.web(), (server, client) -> {
            Response outsider = say(client, JINXIU, "sun-li", "帮助");
            assertThat(outsider.code()).isEqualTo(403);
            assertThat(outsider.body().string()).contains("孙丽不在“锦绣花园 小微权力监督群”中");

            assertThat(say(client, JINXIU, "wang-fang", "  ").code()).isEqualTo(400);
            assertThat(say(client, JINXIU, "wang-fang", "啊".repeat(2_001)).code()).isEqualTo(400);
            assertThat(say(client, "complex:nowhere:owners", "wang-fang", "帮助").code()).isEqualTo(404);
            assertThat(say(client, "private:li-qiang", "wang-fang", "帮助").code()).isEqualTo(403);
            assertThat(client.post("/sandbox/api/groups/" + JINXIU + "/messages", "not json").code())
                    .isEqualTo(400);

            assertThat(messages(client, JINXIU)).isEmpty();
        });
    }

    @Test
    void showsOwnerTextEscapedOnPages() {
        JavalinTest.test(sunlight.web(), (server, client) -> {
            String missing = client.get("/c/%3Cscript%3Ealert(1)%3C%2Fscript%3E").body().string();
            assertThat(missing).doesNotContain("<script>alert(1)</script>");
            assertThat(client.get("/c/jinxiu").body().string()).contains("锦绣花园", "¥1,280,000.00");
            assertThat(client.get("/no-such-page").code()).isEqualTo(404);
        });
    }
}
