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
import org.sunlight.conversation.CommandContext;
import org.sunlight.conversation.CommandRegistry;
import org.sunlight.registry.Role;

/**
 * Property-based fuzzing of the chat command parser with very long text, emoji, control
 * characters and mixed scripts: it never throws, never keeps control characters, and never hands
 * a command more than the length cap. {@code -Dfuzz.tries=N} runs longer.
 */
class CommandParserFuzzTest {

    private static ChatCommand command(String key, String... names) {
        return new ChatCommand() {
            @Override
            public String key() {
                return key;
            }

            @Override
            public List<String> names() {
                return List.of(names);
            }

            @Override
            public Set<Role> roles() {
                return Set.of();
            }

            @Override
            public boolean accepts(String arguments) {
                return !"answer".equals(key) || arguments.isEmpty() || Character.isDigit(arguments.codePointAt(0));
            }

            @Override
            public List<String> handle(CommandContext context) {
                return List.of();
            }
        };
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
