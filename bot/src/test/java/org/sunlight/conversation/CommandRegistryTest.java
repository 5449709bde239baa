package org.sunlight.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.sunlight.registry.Role;

class CommandRegistryTest {

    private static ChatCommand command(String key, Set<Role> roles, String... names) {
        return TestCommand.of(key, roles, context -> List.of(key), names);
    }

    private final CommandRegistry registry = new CommandRegistry(List.of(
            command("help", Set.of(), "帮助", "help"),
            command("dispute", Set.of(Role.OWNER), "不满意", "dispute"),
            command("accept", Set.of(Role.OWNER), "满意", "accept"),
            command("answer", Set.of(Role.COMMITTEE, Role.PROPERTY), "答复", "answer")));

    @Test
    void findsTheChineseCommandWordAndItsArguments() {
        CommandRegistry.Parsed parsed = registry.parse("答复 12 已安排维修");

        assertThat(parsed.command()).map(ChatCommand::key).contains("answer");
        assertThat(parsed.arguments()).isEqualTo("12 已安排维修");
    }

    @Test
    void prefersTheLongestCommandWord() {
        assertThat(registry.parse("不满意 12 没修好").command()).map(ChatCommand::key).contains("dispute");
        assertThat(registry.parse("满意 12").command()).map(ChatCommand::key).contains("accept");
    }

    @Test
    void acceptsANumberRightAfterAChineseCommandWord() {
        CommandRegistry.Parsed parsed = registry.parse("答复12 好的");

        assertThat(parsed.command()).map(ChatCommand::key).contains("answer");
        assertThat(parsed.arguments()).isEqualTo("12 好的");
    }

    @Test
    void stripsMentionsAndFullWidthSpaces() {
        CommandRegistry.Parsed parsed = registry.parse("@阳光监督助手\u3000帮助");

        assertThat(parsed.mentioned()).isTrue();
        assertThat(parsed.command()).map(ChatCommand::key).contains("help");
    }

    @Test
    void englishAliasesNeedAWordBoundaryAndIgnoreCase() {
        assertThat(registry.parse("HELP").command()).map(ChatCommand::key).contains("help");
        assertThat(registry.parse("helpful tips").command()).isEmpty();
    }

    @Test
    void ordinaryChatterIsNotACommand() {
        CommandRegistry.Parsed parsed = registry.parse("今天电梯又坏了");

        assertThat(parsed.command()).isEmpty();
        assertThat(parsed.mentioned()).isFalse();
    }

    @Test
    void dropsControlCharactersAndCapsVeryLongText() {
        CommandRegistry.Parsed parsed = registry.parse("帮助\u0000\u0007" + "啊".repeat(10_000));

        assertThat(parsed.command()).map(ChatCommand::key).contains("help");
        assertThat(parsed.arguments()).doesNotContain("\u0000").hasSizeLessThanOrEqualTo(2_000);
    }

    @Test
    void capsTextWithEmojiAtTheCharLimitWithoutSplittingOne() {
        // Found by CommandParserFuzzTest: the cap counted code points, letting 2,001 chars through.
        CommandRegistry.Parsed parsed = registry.parse("帮助 " + "😀".repeat(1_500));

        assertThat(parsed.arguments()).hasSizeLessThanOrEqualTo(2_000);
        assertThat(parsed.arguments().codePoints()).allMatch(codePoint -> codePoint == 0x1F600);
    }

    @Test
    void listsOnlyTheCommandsARoleMayUse() {
        assertThat(registry.availableTo(Set.of(Role.OWNER))).extracting(ChatCommand::key)
                .containsExactly("help", "dispute", "accept");
        assertThat(registry.availableTo(Set.of(Role.PROPERTY))).extracting(ChatCommand::key)
                .containsExactly("help", "answer");
        assertThat(registry.availableTo(Set.of())).extracting(ChatCommand::key).containsExactly("help");
    }
}
