package org.sunlight.conversation;

import java.util.List;
import java.util.Set;

import org.sunlight.registry.Role;

/**
 * A command people type in a group or a private chat. Wording shown to people (usage, summary)
 * lives in the {@code help} template under the command's {@link #key()}, not in code.
 */
public interface ChatCommand {

    /** Stable id, used by templates and the access matrix, e.g. {@code help}. */
    String key();

    /** What people type: the Chinese word first, then aliases (e.g. {@code 帮助}, {@code help}). */
    List<String> names();

    /** Who may use it; empty means everyone, registered or not. */
    Set<Role> roles();

    /** Handles one use of the command; returns the replies, in order. */
    List<String> handle(CommandContext context);

    /**
     * Whether this command wants a message with these arguments. Several commands may share a word
     * (e.g. {@code 满意 12} accepts an answer, a bare {@code 满意} votes in a survey); the registry
     * picks the first that accepts.
     */
    default boolean accepts(String arguments) {
        return true;
    }

    /** True when someone with these roles may use the command. */
    default boolean allows(Set<Role> held) {
        return roles().isEmpty() || roles().stream().anyMatch(held::contains);
    }
}
