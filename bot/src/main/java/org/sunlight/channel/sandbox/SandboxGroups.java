package org.sunlight.channel.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.sunlight.channel.Conversation;
import org.sunlight.registry.ChannelBinding;
import org.sunlight.registry.Community;
import org.sunlight.registry.ComplexView;
import org.sunlight.registry.Person;
import org.sunlight.registry.Registry;
import org.sunlight.registry.Role;
import org.sunlight.registry.RoleAssignment;
import org.sunlight.registry.ScopeType;
import org.sunlight.registry.Town;

/**
 * The sandbox's groups, derived from the registry's sandbox bindings, and who sits in each.
 * Private chats with the bot have the target {@code private:<person code>}. Thread-safe.
 */
public final class SandboxGroups {

    public static final String PRIVATE_PREFIX = "private:";

    private final Registry registry;

    public SandboxGroups(Registry registry) {
        this.registry = registry;
    }

    /** Every sandbox group, supervision groups first. */
    public List<SandboxGroup> groups() {
        List<SandboxGroup> groups = new ArrayList<>();
        List<ComplexView> complexes = registry.complexes();
        for (ChannelBinding binding : registry.bindings()) {
            if (!SandboxChannel.NAME.equals(binding.channel())) {
                continue;
            }
            describe(binding, complexes).ifPresent(groups::add);
        }
        groups.sort(java.util.Comparator.comparingInt((SandboxGroup group) -> order(group.purpose()))
                .thenComparingLong(SandboxGroup::scopeId));
        return groups;
    }

    public Optional<SandboxGroup> group(String target) {
        return groups().stream().filter(group -> group.target().equals(target)).findFirst();
    }

    /** People who may speak in the group. */
    public List<Person> members(SandboxGroup group) {
        List<RoleAssignment> roles = registry.allRoles();
        Optional<ComplexView> complex = group.scope() == ScopeType.COMPLEX
                ? registry.complex(group.scopeId()) : Optional.empty();
        List<Community> communities = registry.communities();
        List<Person> members = new ArrayList<>();
        for (Person person : registry.people()) {
            if (roles.stream().anyMatch(role -> role.personId() == person.id()
                    && belongs(role, group, complex, communities))) {
                members.add(person);
            }
        }
        return members;
    }

    /** The conversation a message typed into the group belongs to. */
    public Conversation conversation(SandboxGroup group) {
        return new Conversation(SandboxChannel.NAME, group.target(), true,
                ChannelBinding.OWNERS.equals(group.purpose()) ? group.scopeId() : null);
    }

    /** A person's private chat with the bot. */
    public static Conversation privateConversation(Person person) {
        return new Conversation(SandboxChannel.NAME, PRIVATE_PREFIX + person.code(), false, null);
    }

    private boolean belongs(RoleAssignment role, SandboxGroup group, Optional<ComplexView> complex,
                            List<Community> communities) {
        Role held = role.role();
        switch (group.purpose()) {
            case "owners" -> {
                return complex.isPresent() && Registry.covers(role, complex.get());
            }
            case "committee" -> {
                return complex.isPresent() && Registry.covers(role, complex.get())
                        && (held.isComplexStaff() || held.isOfficer());
            }
            case "community" -> {
                Community community = communities.stream().filter(item -> item.id() == group.scopeId())
                        .findFirst().orElseThrow();
                return (role.scope() == ScopeType.COMMUNITY && role.scopeId() == community.id())
                        || (role.scope() == ScopeType.TOWN && role.scopeId() == community.townId());
            }
            case "town" -> {
                return held.isOfficer() && townOf(role, communities) == group.scopeId();
            }
            case "discipline" -> {
                return (held == Role.DISCIPLINE_OFFICER || held == Role.TOWN_OFFICER)
                        && role.scopeId() == group.scopeId();
            }
            default -> {
                return false;
            }
        }
    }

    private long townOf(RoleAssignment role, List<Community> communities) {
        return switch (role.scope()) {
            case TOWN -> role.scopeId();
            case COMMUNITY -> communities.stream().filter(item -> item.id() == role.scopeId()).map(Community::townId)
                    .findFirst().orElse(-1L);
            case COMPLEX -> registry.complex(role.scopeId()).map(view -> view.town().id()).orElse(-1L);
        };
    }

    private Optional<SandboxGroup> describe(ChannelBinding binding, List<ComplexView> complexes) {
        String title;
        String subtitle;
        switch (binding.scope()) {
            case COMPLEX -> {
                Optional<ComplexView> complex = complexes.stream()
                        .filter(view -> view.complex().id() == binding.scopeId()).findFirst();
                if (complex.isEmpty()) {
                    return Optional.empty();
                }
                String name = complex.get().complex().name();
                title = "owners".equals(binding.purpose()) ? name + " 小微权力监督群" : name + " 业委会物业工作群";
                subtitle = complex.get().community().name() + " · " + complex.get().town().name();
            }
            case COMMUNITY -> {
                Optional<Community> community = registry.community(binding.scopeId());
                if (community.isEmpty()) {
                    return Optional.empty();
                }
                title = community.get().name() + " 社区工作群";
                subtitle = registry.town(community.get().townId()).map(Town::name).orElse("");
            }
            case TOWN -> {
                Optional<Town> town = registry.town(binding.scopeId());
                if (town.isEmpty()) {
                    return Optional.empty();
                }
                title = town.get().name() + ("discipline".equals(binding.purpose()) ? " 纪委监督群" : " 小区办工作群");
                subtitle = "镇级";
            }
            default -> throw new IllegalStateException("unknown scope " + binding.scope());
        }
        return Optional.of(new SandboxGroup(binding.target(), title, subtitle, binding.purpose(), binding.scope(),
                binding.scopeId()));
    }

    private static int order(String purpose) {
        return List.of("owners", "committee", "community", "town", "discipline").indexOf(purpose);
    }

    /** A group in the sandbox. */
    public record SandboxGroup(String target, String title, String subtitle, String purpose, ScopeType scope,
                               long scopeId) {

        public boolean supervisionGroup() {
            return Set.of("owners").contains(purpose);
        }
    }
}
