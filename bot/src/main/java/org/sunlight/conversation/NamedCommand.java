package org.sunlight.conversation;

import java.util.List;
import java.util.Set;

import org.sunlight.registry.Role;

/**
 * A {@link ChatCommand} whose key, words and roles are fixed at construction, so a family of
 * commands states them in one line each instead of three overrides. Immutable, thread-safe as
 * long as the subclass is.
 */
public abstract class NamedCommand implements ChatCommand {

    private final String key;
    private final List<String> names;
    private final Set<Role> roles;

    protected NamedCommand(String key, List<String> names, Set<Role> roles) {
        this.key = key;
        this.names = List.copyOf(names);
        this.roles = Set.copyOf(roles);
    }

    @Override
    public final String key() {
        return key;
    }

    @Override
    public final List<String> names() {
        return names;
    }

    @Override
    public final Set<Role> roles() {
        return roles;
    }
}
