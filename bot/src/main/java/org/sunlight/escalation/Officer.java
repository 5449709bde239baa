package org.sunlight.escalation;

import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.sunlight.registry.ComplexView;
import org.sunlight.registry.Person;
import org.sunlight.registry.Registry;
import org.sunlight.registry.Role;
import org.sunlight.registry.RoleAssignment;

/**
 * Someone who acts on the ladder from the web, with what they may see: a community officer the
 * complexes of their community, town and discipline officers those of their town, committee
 * members and property staff (who may only answer questions) their own complexes. Every query and
 * decision on the ladder takes one, so scope is enforced below the web layer.
 *
 * @param roles            the officer and complex-staff roles held
 * @param complexIds       every complex whose items this person may see
 * @param staffComplexIds  the complexes whose questions this person may answer (committee, property)
 */
public record Officer(Person person, Set<Role> roles, Set<Long> complexIds, Set<Long> staffComplexIds) {

    /** The person's web identity; empty roles and scope when they hold no officer or staff role. */
    public static Officer of(Registry registry, Person person) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        Set<Long> complexIds = new LinkedHashSet<>();
        Set<Long> staffComplexIds = new LinkedHashSet<>();
        List<RoleAssignment> assignments = registry.rolesOf(person.id()).stream()
                .filter(role -> role.role().isOfficer() || role.role().isComplexStaff()).toList();
        for (RoleAssignment assignment : assignments) {
            roles.add(assignment.role());
        }
        // Owners (most people) hold no such role: do not read every complex for them.
        for (ComplexView complex : assignments.isEmpty() ? List.<ComplexView>of() : registry.complexes()) {
            for (RoleAssignment assignment : assignments) {
                if (Registry.covers(assignment, complex)) {
                    complexIds.add(complex.complex().id());
                    if (assignment.role().isComplexStaff()) {
                        staffComplexIds.add(complex.complex().id());
                    }
                }
            }
        }
        return new Officer(person, Set.copyOf(roles), Set.copyOf(complexIds), Set.copyOf(staffComplexIds));
    }

    /** Holds a community, town or discipline officer role (may take decisions). */
    public boolean isOfficer() {
        return roles.stream().anyMatch(Role::isOfficer);
    }

    /** May log in to the dashboard: officers, and committee or property staff to answer questions. */
    public boolean mayLogIn() {
        return isOfficer() || !staffComplexIds.isEmpty();
    }

    public boolean sees(long complexId) {
        return complexIds.contains(complexId);
    }

    /** May answer the complex's questions (committee or property of that complex). */
    public boolean answers(long complexId) {
        return staffComplexIds.contains(complexId);
    }

    /** The highest tier this person acts for: 0 complex staff, 1 community, 2 town, 3 discipline office. */
    public int level() {
        if (roles.contains(Role.DISCIPLINE_OFFICER)) {
            return Tier.DISCIPLINE.level();
        }
        if (roles.contains(Role.TOWN_OFFICER)) {
            return Tier.TOWN.level();
        }
        return roles.contains(Role.COMMUNITY_OFFICER) ? Tier.COMMUNITY.level() : Tier.COMPLEX.level();
    }

    /** The Chinese name of the highest role, e.g. 镇纪委. */
    public String roleLabel() {
        return Tier.of(level()).label();
    }
}
