package org.sunlight.conversation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.sunlight.registry.Role;

/**
 * The chat commands Sunlight understands and the parsing of a message into one. Immutable and
 * thread-safe.
 */
public final class CommandRegistry {

    private static final Pattern MENTION = Pattern.compile("^(?:@\\S+[\\s\\u2005\\u3000]*)+");
    private static final int MAX_TEXT_CHARS = 2_000;

    private final List<ChatCommand> commands;
    private final List<Name> namesLongestFirst;

    public CommandRegistry(List<ChatCommand> commands) {
        this.commands = List.copyOf(commands);
        List<Name> names = new ArrayList<>();
        for (ChatCommand command : commands) {
            for (String name : command.names()) {
                names.add(new Name(name.toLowerCase(Locale.ROOT), command));
            }
        }
        // Longest word first; among equal words, registration order (List.sort is stable).
        names.sort(Comparator.comparingInt((Name name) -> name.text().length()).reversed());
        this.namesLongestFirst = List.copyOf(names);
    }

    public List<ChatCommand> all() {
        return commands;
    }

    /** The commands someone with these roles may use, in registration order. */
    public List<ChatCommand> availableTo(Set<Role> roles) {
        return commands.stream().filter(command -> command.allows(roles)).toList();
    }

    /**
     * Reads a message: strips leading @mentions, normalises full-width spaces, and finds the
     * command word it starts with (longest match; ASCII aliases need a word boundary).
     */
    public Parsed parse(String text) {
        String clean = normalise(text);
        boolean mentioned = MENTION.matcher(clean).find();
        String body = MENTION.matcher(clean).replaceFirst("").strip();
        String lower = body.toLowerCase(Locale.ROOT);
        for (Name name : namesLongestFirst) {
            if (!lower.startsWith(name.text())) {
                continue;
            }
            String rest = body.substring(name.text().length());
            boolean ascii = name.text().chars().allMatch(character -> character < 128);
            if (ascii && !rest.isEmpty() && Character.isLetterOrDigit(rest.charAt(0))) {
                continue;
            }
            if (!name.command().accepts(rest.strip())) {
                continue;
            }
            return new Parsed(Optional.of(name.command()), rest.strip(), mentioned, body);
        }
        return new Parsed(Optional.empty(), body, mentioned, body);
    }

    /** Folds full-width spaces and control characters, and caps the length a command may have. */
    static String normalise(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_TEXT_CHARS));
        int index = 0;
        while (index < text.length()) {
            int codePoint = text.codePointAt(index);
            index += Character.charCount(codePoint);
            // The cap counts UTF-16 chars, so an emoji (two chars) near the end cannot overshoot it.
            if (out.length() + Character.charCount(codePoint) > MAX_TEXT_CHARS) {
                break;
            }
            if (codePoint == '\u3000' || codePoint == '\t') {
                out.append(' ');
            } else if (codePoint == '\n' || !Character.isISOControl(codePoint)) {
                out.appendCodePoint(codePoint);
            }
        }
        return out.toString().strip();
    }

    /** A message read against the command list. */
    public record Parsed(Optional<ChatCommand> command, String arguments, boolean mentioned, String body) {
    }

    private record Name(String text, ChatCommand command) {
    }
}
