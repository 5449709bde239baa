package org.sunlight.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sunlight.question.SandboxChat.JINXIU_OWNERS;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sunlight.app.Sunlight;
import org.sunlight.app.TestSunlight;
import org.sunlight.question.SandboxChat;
import org.sunlight.question.SettableClock;

/**
 * The chat part of the bad-input catalogue, end to end through the inbound pipeline: very long
 * text, emoji and control characters are answered in Chinese in the group, and nothing is stored
 * that the owner did not mean (the parser itself is fuzzed by CommandParserFuzzTest).
 */
class BadChatInputTest {

    @TempDir
    Path directory;

    private Sunlight sunlight;
    private SandboxChat chat;

    @BeforeEach
    void start() {
        sunlight = TestSunlight.create(directory, new SettableClock(Instant.parse("2026-03-02T02:00:00Z")));
        chat = new SandboxChat(sunlight);
    }

    @AfterEach
    void stop() {
        sunlight.close();
    }

    private List<String> questions() {
        return sunlight.jdbi().withHandle(handle -> handle.createQuery("SELECT text FROM question ORDER BY id")
                .mapTo(String.class).list());
    }

    private int rows(String table) {
        return sunlight.jdbi().withHandle(handle -> handle.createQuery("SELECT count(*) FROM " + table)
                .mapTo(Integer.class).one());
    }

    @Test
    void aVeryLongQuestionIsRefusedWithTheLimitAndNothingIsOpened() {
        chat.say(JINXIU_OWNERS, "wang-fang", "提问 " + "停车费去哪了".repeat(250));

        assertThat(chat.lastBot(JINXIU_OWNERS)).contains("问题太长，最多1000字");
        assertThat(questions()).isEmpty();
        assertThat(rows("escalation_item")).isZero();
    }

    @Test
    void controlCharactersAreDroppedAndEmojiKeptWhole() {
        chat.say(JINXIU_OWNERS, "wang-fang", "提问 电梯\u0000\u0007\u001b[31m坏了😀👨‍👩‍👧？");

        assertThat(questions()).containsExactly("电梯[31m坏了😀👨‍👩‍👧？");
        assertThat(chat.lastBot(JINXIU_OWNERS)).contains("编号 1 号");
    }

    @Test
    void aQuestionOfOnlyControlCharactersOrSpacesIsAskedForAgain() {
        chat.say(JINXIU_OWNERS, "wang-fang", "提问 \u0000\u0007\u3000\t ");

        assertThat(chat.lastBot(JINXIU_OWNERS)).contains("请写下您的问题");
        assertThat(questions()).isEmpty();
        assertThat(rows("escalation_item")).isZero();
    }

    @Test
    void aCommandWithEmojiWhereANumberBelongsIsRefusedAndChangesNothing() {
        chat.say(JINXIU_OWNERS, "wang-fang", "提问 停车费收入是多少？");
        chat.say(JINXIU_OWNERS, "wang-fang", "进度 😀\u0000");

        assertThat(chat.lastBot(JINXIU_OWNERS)).contains("请写上提问编号");
        String state = sunlight.jdbi().withHandle(handle -> handle.createQuery("SELECT state FROM escalation_item")
                .mapTo(String.class).one());
        assertThat(state).isEqualTo("open");
    }
}
