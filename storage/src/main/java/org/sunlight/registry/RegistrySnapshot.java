package org.sunlight.registry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/**
 * The whole registry as a deployment load compares it, read with one query per table however
 * many complexes and people there are. Reading item by item cost four or five statements per
 * complex and person, most of a start-up's time, and grows with a city's registry.
 *
 * <p>Immutable once read; read it inside the transaction that writes the differences, after the
 * load's lock, so nothing changes under it.
 */
public final class RegistrySnapshot {

    private final Map<String, Town> towns = new HashMap<>();
    private final Map<String, Community> communities = new HashMap<>();
    /** By code, in id order. */
    private final Map<String, Complex> complexes = new LinkedHashMap<>();
    private final Map<String, Person> peopleByCode = new HashMap<>();
    private final List<Person> people;
    private final Map<ScopeKey, Map<String, String>> settings = new HashMap<>();
    private final Map<ScopeKey, List<ChannelBinding>> bindings = new HashMap<>();
    private final Map<Long, Set<RoleAssignment>> roles = new HashMap<>();
    private final Map<Long, Set<String>> identities = new HashMap<>();
    private final Map<Long, Profile> profiles = new HashMap<>();
    private final Map<Long, List<LegalAdviser>> advisers = new HashMap<>();

    private RegistrySnapshot(Handle handle, Collection<String> complexesNamed) {
        handle.createQuery(RegistrySql.TOWNS).map(Registry.TOWN).forEach(town -> towns.put(town.code(), town));
        handle.createQuery(RegistrySql.COMMUNITIES).map(Registry.COMMUNITY)
                .forEach(community -> communities.put(community.code(), community));
        handle.createQuery(RegistrySql.COMPLEXES).map(Registry.COMPLEX)
                .forEach(complex -> complexes.put(complex.code(), complex));
        this.people = handle.createQuery(RegistrySql.PEOPLE).map(Registry.PERSON).list();
        people.forEach(person -> peopleByCode.put(person.code(), person));
        // Settings and bindings only where a load compares them: a city's 10,000 complexes each have
        // their groups bound, and mapping all of them for a file naming three took a tenth of a start.
        String named = complexesNamed.isEmpty() ? "scope <> 'complex'"
                : "(scope <> 'complex' OR scope_id IN (SELECT id FROM complex WHERE code IN (<named>)))";
        namedOnly(handle.createQuery("SELECT scope, scope_id, name, value FROM setting WHERE " + named),
                complexesNamed).map((row, context) -> new SettingRow(new ScopeKey(ScopeType.fromCode(row.getString(1)),
                        row.getLong(2)), row.getString(3), row.getString(4)))
                .forEach(row -> settings.computeIfAbsent(row.scope(), key -> new HashMap<>())
                        .put(row.name(), row.value()));
        namedOnly(handle.createQuery("SELECT * FROM channel_binding WHERE " + named
                + " ORDER BY scope, scope_id, purpose, channel"), complexesNamed).map(Registry.BINDING)
                .forEach(binding -> bindings.computeIfAbsent(new ScopeKey(binding.scope(), binding.scopeId()),
                        key -> new ArrayList<>()).add(binding));
        handle.createQuery(RegistrySql.ALL_ROLES).map(Registry.ROLE)
                .forEach(role -> roles.computeIfAbsent(role.personId(), id -> new HashSet<>()).add(role));
        handle.createQuery("SELECT person_id, channel || ':' || external_id FROM person_identity")
                .map((row, context) -> new IdentityRow(row.getLong(1), row.getString(2)))
                .forEach(row -> identities.computeIfAbsent(row.personId(), id -> new HashSet<>())
                        .add(row.identity()));
        handle.createQuery("SELECT * FROM person_profile").map(Registry.PROFILE)
                .forEach(profile -> profiles.put(profile.personId(), profile));
        handle.createQuery("SELECT * FROM legal_adviser ORDER BY town_id, name").map(Registry.ADVISER)
                .forEach(adviser -> advisers.computeIfAbsent(adviser.townId(), id -> new ArrayList<>()).add(adviser));
    }

    private static Query namedOnly(Query query, Collection<String> complexesNamed) {
        return complexesNamed.isEmpty() ? query : query.bindList("named", List.copyOf(complexesNamed));
    }

    /**
     * Reads the registry through {@code handle}, inside the caller's transaction: everything, except
     * that settings and channel bindings of complexes are read only for {@code complexesNamed} (the
     * complexes a deployment file names; those of towns and communities are always read).
     */
    public static RegistrySnapshot read(Handle handle, Collection<String> complexesNamed) {
        return new RegistrySnapshot(handle, complexesNamed);
    }

    public Optional<Town> town(String code) {
        return Optional.ofNullable(towns.get(code));
    }

    public Optional<Community> community(String code) {
        return Optional.ofNullable(communities.get(code));
    }

    public Optional<Complex> complex(String code) {
        return Optional.ofNullable(complexes.get(code));
    }

    /** Every complex's code, by id. */
    public List<String> complexCodes() {
        return List.copyOf(complexes.keySet());
    }

    public Optional<Person> person(String code) {
        return Optional.ofNullable(peopleByCode.get(code));
    }

    /** Everyone, by id. */
    public List<Person> people() {
        return List.copyOf(people);
    }

    /** The settings of one town, community or named complex, by name. */
    public Map<String, String> settings(ScopeType scope, long scopeId) {
        return Map.copyOf(settings.getOrDefault(new ScopeKey(scope, scopeId), Map.of()));
    }

    public List<ChannelBinding> bindings(ScopeType scope, long scopeId) {
        return List.copyOf(bindings.getOrDefault(new ScopeKey(scope, scopeId), List.of()));
    }

    public Set<RoleAssignment> roles(long personId) {
        return Set.copyOf(roles.getOrDefault(personId, Set.of()));
    }

    /** A person's identities as {@code channel:externalId}. */
    public Set<String> identities(long personId) {
        return Set.copyOf(identities.getOrDefault(personId, Set.of()));
    }

    public Optional<Profile> profile(long personId) {
        return Optional.ofNullable(profiles.get(personId));
    }

    /** A town's legal advisers, by name. */
    public List<LegalAdviser> advisers(long townId) {
        return List.copyOf(advisers.getOrDefault(townId, List.of()));
    }

    private record ScopeKey(ScopeType scope, long scopeId) {
    }

    private record SettingRow(ScopeKey scope, String name, String value) {
    }

    private record IdentityRow(long personId, String identity) {
    }
}
