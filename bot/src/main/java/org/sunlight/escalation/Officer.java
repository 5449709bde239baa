package org.sunlight.escalation;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

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
 * <p>Scope is kept as the role assignments' towns, communities and complexes, not as a list of
 * complexes: building an officer reads only their roles (a town can have thousands of complexes,
 * and a session is resolved on every request); queries test membership in SQL ({@link Scope#sql}).
 *
 * @param roles       the officer and complex-staff roles held
 * @param scope       the complexes whose items this person may see
 * @param staffScope  the complexes whose questions this person may answer (committee, property)
 */
public record Officer(Person person, Set<Role> roles, Scope scope, Scope staffScope) {

    /**
     * Complexes reached by role assignments: whole towns, whole communities, single complexes.
     * Ids come from the registry (never from a request).
     */
    public record Scope(Set<Long> townIds, Set<Long> communityIds, Set<Long> complexIds) {

        public Scope {
            townIds = Set.copyOf(townIds);
            communityIds = Set.copyOf(communityIds);
            complexIds = Set.copyOf(complexIds);
        }

        static Scope of(List<RoleAssignment> assignments) {
            Set<Long> towns = new LinkedHashSet<>();
            Set<Long> communities = new LinkedHashSet<>();
            Set<Long> complexes = new LinkedHashSet<>();
            for (RoleAssignment assignment : assignments) {
                switch (assignment.scope()) {
                    case TOWN -> towns.add(assignment.scopeId());
                    case COMMUNITY -> communities.add(assignment.scopeId());
                    case COMPLEX -> complexes.add(assignment.scopeId());
                }
            }
            return new Scope(towns, communities, complexes);
        }

        public boolean isEmpty() {
            return townIds.isEmpty() && communityIds.isEmpty() && complexIds.isEmpty();
        }

        public boolean covers(ComplexView complex) {
            return complexIds.contains(complex.complex().id()) || communityIds.contains(complex.community().id())
                    || townIds.contains(complex.town().id());
        }

        /**
         * A SQL condition true for rows whose complex is in scope, given the columns holding the
         * complex's id, its community's id and its town's id. The ids are numbers, written as
         * literals, so the condition can be pasted into any query; an empty scope matches nothing.
         */
        public String sql(String complexIdColumn, String communityIdColumn, String townIdColumn) {
            List<String> terms = new ArrayList<>();
            in(terms, complexIdColumn, complexIds);
            in(terms, communityIdColumn, communityIds);
            in(terms, townIdColumn, townIds);
            return or(terms);
        }

        /**
         * The same condition for rows that name their complex in {@code complexIdColumn} (e.g. an
         * item's), with communities as a sub-select of their complexes, so that a community
         * officer's queue is read through the items of their complexes, not the whole town's.
         */
        public String complexSql(String complexIdColumn, String townIdColumn) {
            List<String> terms = new ArrayList<>();
            in(terms, complexIdColumn, complexIds);
            if (!communityIds.isEmpty()) {
                terms.add(complexIdColumn + " IN (SELECT id FROM complex WHERE community_id IN ("
                        + list(communityIds) + "))");
            }
            in(terms, townIdColumn, townIds);
            return or(terms);
        }

        private static String or(List<String> terms) {
            if (terms.isEmpty()) {
                return "0 = 1";
            }
            return terms.size() == 1 ? terms.get(0) : "(" + String.join(" OR ", terms) + ")";
        }

        private static String list(Set<Long> ids) {
            return ids.stream().sorted().map(String::valueOf).collect(Collectors.joining(", "));
        }

        private static void in(List<String> terms, String column, Set<Long> ids) {
            if (!ids.isEmpty()) {
                terms.add(column + " IN (" + list(ids) + ")");
            }
        }
    }

    /** The person's web identity, from their role assignments alone; empty scopes when they hold no such role. */
    public static Officer of(Registry registry, Person person) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        List<RoleAssignment> assignments = registry.rolesOf(person.id()).stream()
                .filter(role -> role.role().isOfficer() || role.role().isComplexStaff()).toList();
        for (RoleAssignment assignment : assignments) {
            roles.add(assignment.role());
        }
        List<RoleAssignment> staff = assignments.stream().filter(role -> role.role().isComplexStaff()).toList();
        return new Officer(person, Set.copyOf(roles), Scope.of(assignments), Scope.of(staff));
    }

    /** Holds a community, town or discipline officer role (may take decisions). */
    public boolean isOfficer() {
        return roles.stream().anyMatch(Role::isOfficer);
    }

    /** May log in to the dashboard: officers, and committee or property staff to answer questions. */
    public boolean mayLogIn() {
        return isOfficer() || !staffScope.isEmpty();
    }

    public boolean sees(ComplexView complex) {
        return scope.covers(complex);
    }

    /** May answer the complex's questions (committee or property of that complex). */
    public boolean answers(ComplexView complex) {
        return staffScope.covers(complex);
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
