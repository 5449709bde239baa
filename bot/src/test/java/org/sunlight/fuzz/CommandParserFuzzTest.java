package org.sunlight.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.sunlight.conversation.ChatCommand;
import org.sunlight.conversation.CommandRegistry;
import org.sunlight.conversation.TestCommand;

/**
 * Property-based fuzzing of the chat command parser with very long text, emoji, control
 * characters and mixed scripts: it never throws, never keeps control characters, and never hands
 * a command more than the length cap. {@code -Dfuzz.tries=N} runs longer.
 */
class CommandParserFuzzTest {

    private static ChatCommand command(String key, String... names) {
        // An answer takes a question number (or nothing), so a bare 满意 falls through to the vote.
        return new TestCommand(key, List.of(names), Set.of(), arguments -> !"answer".equals(key)
                || arguments.isEmpty() || Character.isDigit(arguments.codePointAt(0)), context -> List.of());
    }

    private final CommandRegistry registry = new CommandRegistry(List.of(command("help", "帮助", "help", "?"),
            command("answer", "答复", "answer"), command("vote", "满意"), command("dispute", "不满意")));

    @Property
    void parsingNeverFailsAndCleansWhatItPasses(@ForAll("chat") String text) {
        CommandRegistry.Parsed parsed = registry.parse(text);

        assertThat(parsed.arguments().length()).isLessThanOrEqualTo(2_000);
        assertThat(parsed.arguments().codePoints().filter(codePoint -> codePoint != '\n')
                .noneMatch(Character::isISOControl)).isTrue();
        parsed.command().ifPresent(command -> assertThat(command.accepts(parsed.arguments())).isTrue());
    }

    @Provide
    Arbitrary<String> chat() {
        Arbitrary<String> words = Arbitraries.of("帮助", "答复", "满意", "不满意", "help", "@阳光监督助手", "12", "#3",
                "😀", "👨‍👩‍👧", "\u0000", "\u0007", "\u202e", "\u3000", "\r\n", " ", "１２", "<script>", "'; DROP TABLE x;--");
        return Arbitraries.oneOf(
                words.list().ofMaxSize(20).map(parts -> String.join("", parts)),
                Arbitraries.strings().ofMaxLength(5_000),
                Arbitraries.strings().withCharRange('\u0000', '\uffff').ofMinLength(1_990).ofMaxLength(2_100));
    }
}
