package org.sunlight.registry;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.jdbi.v3.core.Jdbi;

/**
 * Read access to the deployment registry: who is where, with which roles, and where each group
 * lives. Thread-safe; every call reads the database, so a reload is seen at once.
 */
public final class Registry {

    private final Jdbi jdbi;

    public Registry(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public List<ComplexView> complexes() {
        return jdbi.withExtension(RegistryDao.class, dao -> {
            List<ComplexView> views = new ArrayList<>();
            // By id: a linear search per complex cost 10,000 × 400 comparisons in a city's registry.
            Map<Long, Town> towns = new HashMap<>();
            for (Town town : dao.towns()) {
                towns.put(town.id(), town);
            }
            Map<Long, Community> communities = new HashMap<>();
            for (Community community : dao.communities()) {
                communities.put(community.id(), community);
            }
            for (Complex complex : dao.complexes()) {
                Community community = Optional.ofNullable(communities.get(complex.communityId())).orElseThrow();
                Town town = Optional.ofNullable(towns.get(community.townId())).orElseThrow();
                views.add(new ComplexView(complex, community, town));
            }
            return views;
        });
    }

    public Optional<ComplexView> complex(long id) {
        return jdbi.withExtension(RegistryDao.class, dao -> dao.complex(id).map(complex -> view(dao, complex)));
    }

    public Optional<ComplexView> complexByCode(String code) {
        return jdbi.withExtension(RegistryDao.class, dao -> dao.complexByCode(code).map(complex -> view(dao, complex)));
    }

    public List<Town> towns() {
        return jdbi.withExtension(RegistryDao.class, RegistryDao::towns);
    }

    public List<Community> communities() {
        return jdbi.withExtension(RegistryDao.class, RegistryDao::communities);
    }

    public Optional<Town> town(long id) {
        return jdbi.withExtension(RegistryDao.class, dao -> dao.town(id));
    }

    public Optional<Community> community(long id) {
        return jdbi.withExtension(RegistryDao.class, dao -> dao.community(id));
    }

    public Optional<Person> person(long id) {
        return jdbi.withExtension(RegistryDao.class, dao -> dao.person(id));
    }

    public Optional<Person> personByCode(String code) {
        return jdbi.withExtension(RegistryDao.class, dao -> dao.personByCode(code));
    }

    public List<Person> people() {
        return jdbi.withExtension(RegistryDao.class, RegistryDao::people);
    }

    /** The person a channel knows by {@code externalId}, if deployed. */
    public Optional<Person> personByIdentity(String channel, String externalId) {
        return jdbi.withExtension(RegistryDao.class, dao -> dao.personIdByIdentity(channel, externalId)
                .flatMap(dao::person));
    }

    public List<RoleAssignment> rolesOf(long personId) {
        return jdbi.withExtension(RegistryDao.class, dao -> dao.rolesOf(personId));
    }

    public List<RoleAssignment> allRoles() {
        return jdbi.withExtension(RegistryDao.class, RegistryDao::allRoles);
    }

    /**
     * The roles a person holds that reach this complex: complex roles held on it, a community
     * role on its community, town roles on its town.
     */
    public Set<Role> rolesIn(long personId, ComplexView complex) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (RoleAssignment assignment : rolesOf(personId)) {
            if (covers(assignment, complex)) {
                roles.add(assignment.role());
            }
        }
        return roles;
    }

    /** True when the assignment's scope contains the complex. */
    public static boolean covers(RoleAssignment assignment, ComplexView complex) {
        return switch (assignment.scope()) {
            case COMPLEX -> assignment.scopeId() == complex.complex().id();
            case COMMUNITY -> assignment.scopeId() == complex.community().id();
            case TOWN -> assignment.scopeId() == complex.town().id();
        };
    }

    /** Everyone with a role reaching this complex: its owners, staff and the officers above it. */
    public List<Person> peopleReaching(ComplexView complex) {
        List<Person> people = new ArrayList<>();
        List<RoleAssignment> roles = allRoles();
        for (Person person : people()) {
            if (roles.stream().anyMatch(role -> role.personId() == person.id() && covers(role, complex))) {
                people.add(person);
            }
        }
        return people;
    }

    public List<ChannelBinding> bindings() {
        return jdbi.withExtension(RegistryDao.class, RegistryDao::bindings);
    }

    public List<ChannelBinding> bindingsOf(ScopeType scope, long scopeId) {
        return jdbi.withExtension(RegistryDao.class, dao -> dao.bindingsOf(scope.code(), scopeId));
    }

    /**
     * A setting's stored value for the complex: the complex's own, else its community's, else its
     * town's, else the default.
     */
    public String setting(ComplexView complex, SettingKey key) {
        return jdbi.withExtension(RegistryDao.class, dao -> dao.setting("complex", complex.complex().id(), key.key())
                .or(() -> dao.setting("community", complex.community().id(), key.key()))
                .or(() -> dao.setting("town", complex.town().id(), key.key()))
                .orElse(key.defaultStored()));
    }

    /**
     * One setting for many complexes with one read: every stored value of {@code key}, resolved per
     * complex with the same precedence as {@link #setting} (complex, community, town, default).
     * A snapshot: later changes are not seen.
     */
    public Function<ComplexView, String> settingForEach(SettingKey key) {
        Map<String, String> stored = new HashMap<>();
        jdbi.useHandle(handle -> handle.createQuery("SELECT scope, scope_id, value FROM setting WHERE name = :name")
                .bind("name", key.key())
                .map((results, context) -> {
                    stored.put(results.getString("scope") + ":" + results.getLong("scope_id"),
                            results.getString("value"));
                    return Boolean.TRUE;
                })
                .list());
        String fallback = key.defaultStored();
        return complex -> {
            String value = stored.get("complex:" + complex.complex().id());
            if (value == null) {
                value = stored.get("community:" + complex.community().id());
            }
            if (value == null) {
                value = stored.get("town:" + complex.town().id());
            }
            return value == null ? fallback : value;
        };
    }

    public int intSetting(ComplexView complex, SettingKey key) {
        return Integer.parseInt(setting(complex, key));
    }

    public long moneySetting(ComplexView complex, SettingKey key) {
        return Long.parseLong(setting(complex, key));
    }

    public Optional<Profile> profile(long personId) {
        return jdbi.withExtension(RegistryDao.class, dao -> dao.profile(personId));
    }

    public List<LegalAdviser> advisers(long townId) {
        return jdbi.withExtension(RegistryDao.class, dao -> dao.advisers(townId));
    }

    /** People holding a role directly on this complex (e.g. its committee members), by id. */
    public List<Person> holding(Role role, ComplexView complex) {
        List<RoleAssignment> roles = allRoles();
        return people().stream().filter(person -> roles.stream().anyMatch(assignment ->
                assignment.personId() == person.id() && assignment.role() == role
                        && assignment.scope() == ScopeType.COMPLEX
                        && assignment.scopeId() == complex.complex().id())).toList();
    }

    private static ComplexView view(RegistryDao dao, Complex complex) {
        Community community = dao.community(complex.communityId()).orElseThrow();
        Town town = dao.town(community.townId()).orElseThrow();
        return new ComplexView(complex, community, town);
    }
}
