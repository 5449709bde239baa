package org.sunlight.escalation;

import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Set;

import org.sunlight.registry.ComplexView;
import org.sunlight.registry.Person;
import org.sunlight.registry.Registry;
import org.sunlight.registry.Role;
import org.sunlight.registry.RoleAssignment;

/**
 * Someone acting above the complexes, with what they may see: a community officer the complexes of
 * their community, town and discipline officers those of their town. Every query and decision on
 * the ladder takes one, so scope is enforced below the web layer.
 */
public record Officer(Person person, Set<Role> roles, Set<Long> complexIds) {

    /** The officer a person is, empty roles and scope when they hold no officer role. */
    public static Officer of(Registry registry, Person person) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        Set<Long> complexIds = new LinkedHashSet<>();
        var assignments = registry.rolesOf(person.id()).stream().filter(role -> role.role().isOfficer()).toList();
        for (RoleAssignment assignment : assignments) {
            roles.add(assignment.role());
        }
        for (ComplexView complex : registry.complexes()) {
            if (assignments.stream().anyMatch(assignment -> Registry.covers(assignment, complex))) {
                complexIds.add(complex.complex().id());
            }
        }
        return new Officer(person, Set.copyOf(roles), Set.copyOf(complexIds));
    }

    public boolean isOfficer() {
        return !roles.isEmpty();
    }

    public boolean sees(long complexId) {
        return complexIds.contains(complexId);
    }

    /** The highest tier this officer acts for: 1 community, 2 town, 3 discipline office. */
    public int level() {
        if (roles.contains(Role.DISCIPLINE_OFFICER)) {
            return Tier.DISCIPLINE.level();
        }
        if (roles.contains(Role.TOWN_OFFICER)) {
            return Tier.TOWN.level();
        }
        return roles.contains(Role.COMMUNITY_OFFICER) ? Tier.COMMUNITY.level() : Tier.COMPLEX.level();
    }

    /** The Chinese name of the officer's highest role, e.g. 镇纪委. */
    public String roleLabel() {
        return Tier.of(level()).label();
    }
}
