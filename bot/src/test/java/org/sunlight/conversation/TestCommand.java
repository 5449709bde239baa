package org.sunlight.conversation;

import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

import org.sunlight.registry.Role;

/** A chat command made of parts, for tests of parsing and processing. */
public record TestCommand(String key, List<String> names, Set<Role> roles, Predicate<String> accepting,
                          Function<CommandContext, List<String>> handler) implements ChatCommand {

    /** Accepts any arguments and answers with what {@code handler} returns. */
    public static TestCommand of(String key, Set<Role> roles, Function<CommandContext, List<String>> handler,
                                 String... names) {
        return new TestCommand(key, List.of(names), roles, arguments -> true, handler);
    }

    @Override
    public boolean accepts(String arguments) {
        return accepting.test(arguments);
    }

    @Override
    public List<String> handle(CommandContext context) {
        return handler.apply(context);
    }
}
