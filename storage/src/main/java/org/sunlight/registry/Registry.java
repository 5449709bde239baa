package org.sunlight.registry;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Read access to the deployment registry: who is where, with which roles, and where each group
 * lives. Thread-safe; every call reads the database, so a reload is seen at once.
 */
public final class Registry {

    // Fluent statements with shared mappers rather than RegistryDao: attaching the 44-method SqlObject
    // cost about 150-250 µs per call (a handler per method, a configuration copy per attach), ten
    // times the query, and the registry is read on every request, message and escalation.
    // Shared with RegistrySnapshot, the deployment load's bulk read. Written out rather than
    // ConstructorMapper: mapping a city's 10,000 complexes reflectively took a tenth of a start.
    static final RowMapper<Town> TOWN = (row, context) -> new Town(row.getLong("id"), row.getString("code"),
            row.getString("name"));
    static final RowMapper<Community> COMMUNITY = (row, context) -> new Community(row.getLong("id"),
            row.getLong("town_id"), row.getString("code"), row.getString("name"));
    static final RowMapper<Complex> COMPLEX = (row, context) -> new Complex(row.getLong("id"),
            row.getLong("community_id"), row.getString("code"), row.getString("name"), row.getInt("households"),
            row.getLong("fund_first_deposit_fen"));
    static final RowMapper<Person> PERSON = (row, context) -> new Person(row.getLong("id"), row.getString("code"),
            row.getString("name"), row.getString("phone"), row.getString("household"));
    static final RowMapper<Profile> PROFILE = (row, context) -> new Profile(row.getLong("person_id"),
            row.getString("position"), row.getString("photo"), row.getString("pledge"));
    static final RowMapper<LegalAdviser> ADVISER = (row, context) -> new LegalAdviser(row.getLong("town_id"),
            row.getString("name"), row.getString("firm"), row.getString("phone"));
    static final RowMapper<RoleAssignment> ROLE = new RoleAssignmentMapper();
    static final RowMapper<ChannelBinding> BINDING = new ChannelBindingMapper();

    private final Jdbi jdbi;

    public Registry(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public List<ComplexView> complexes() {
        return jdbi.withHandle(handle -> {
            List<ComplexView> views = new ArrayList<>();
            // By id: a linear search per complex cost 10,000 × 400 comparisons in a city's registry.
            Map<Long, Town> towns = new HashMap<>();
            for (Town town : handle.createQuery(RegistrySql.TOWNS).map(TOWN).list()) {
                towns.put(town.id(), town);
            }
            Map<Long, Community> communities = new HashMap<>();
            for (Community community : handle.createQuery(RegistrySql.COMMUNITIES).map(COMMUNITY).list()) {
                communities.put(community.id(), community);
            }
            for (Complex complex : handle.createQuery(RegistrySql.COMPLEXES).map(COMPLEX).list()) {
                Community community = Optional.ofNullable(communities.get(complex.communityId())).orElseThrow();
                Town town = Optional.ofNullable(towns.get(community.townId())).orElseThrow();
                views.add(new ComplexView(complex, community, town));
            }
            return views;
        });
    }

    public Optional<ComplexView> complex(long id) {
        return jdbi.withHandle(handle -> handle.createQuery(RegistrySql.COMPLEX).bind("id", id).map(COMPLEX)
                .findOne().map(complex -> view(handle, complex)));
    }

    public Optional<ComplexView> complexByCode(String code) {
        return jdbi.withHandle(handle -> handle.createQuery(RegistrySql.COMPLEX_BY_CODE).bind("code", code)
                .map(COMPLEX).findOne().map(complex -> view(handle, complex)));
    }

    public List<Town> towns() {
        return jdbi.withHandle(handle -> handle.createQuery(RegistrySql.TOWNS).map(TOWN).list());
    }

    public List<Community> communities() {
        return jdbi.withHandle(handle -> handle.createQuery(RegistrySql.COMMUNITIES).map(COMMUNITY).list());
    }

    public Optional<Town> town(long id) {
        return jdbi.withHandle(handle -> town(handle, id));
    }

    public Optional<Community> community(long id) {
        return jdbi.withHandle(handle -> community(handle, id));
    }

    public Optional<Person> person(long id) {
        return jdbi.withHandle(handle -> person(handle, id));
    }

    public Optional<Person> personByCode(String code) {
        return jdbi.withHandle(handle -> handle.createQuery(RegistrySql.PERSON_BY_CODE).bind("code", code)
                .map(PERSON).findOne());
    }

    public List<Person> people() {
        return jdbi.withHandle(handle -> handle.createQuery(RegistrySql.PEOPLE).map(PERSON).list());
    }

    /** The person a channel knows by {@code externalId}, if deployed. */
    public Optional<Person> personByIdentity(String channel, String externalId) {
        return jdbi.withHandle(handle -> handle.createQuery(RegistrySql.PERSON_ID_BY_IDENTITY)
                .bind("channel", channel).bind("externalId", externalId).mapTo(Long.class).findOne()
                .flatMap(id -> person(handle, id)));
    }

    public List<RoleAssignment> rolesOf(long personId) {
        return jdbi.withHandle(handle -> handle.createQuery(RegistrySql.ROLES_OF).bind("personId", personId)
                .map(ROLE).list());
    }

    public List<RoleAssignment> allRoles() {
        return jdbi.withHandle(handle -> handle.createQuery(RegistrySql.ALL_ROLES).map(ROLE).list());
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
        return jdbi.withHandle(handle -> handle.createQuery(RegistrySql.BINDINGS).map(BINDING).list());
    }

    public List<ChannelBinding> bindingsOf(ScopeType scope, long scopeId) {
        return jdbi.withHandle(handle -> handle.createQuery(RegistrySql.BINDINGS_OF).bind("scope", scope.code())
                .bind("scopeId", scopeId).map(BINDING).list());
    }

    /**
     * A setting's stored value for the complex: the complex's own, else its community's, else its
     * town's, else the default.
     */
    public String setting(ComplexView complex, SettingKey key) {
        return jdbi.withHandle(handle -> setting(handle, "complex", complex.complex().id(), key)
                .or(() -> setting(handle, "community", complex.community().id(), key))
                .or(() -> setting(handle, "town", complex.town().id(), key))
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
        return jdbi.withHandle(handle -> handle.createQuery(RegistrySql.PROFILE).bind("personId", personId)
                .map(PROFILE).findOne());
    }

    public List<LegalAdviser> advisers(long townId) {
        return jdbi.withHandle(handle -> handle.createQuery(RegistrySql.ADVISERS).bind("townId", townId)
                .map(ADVISER).list());
    }

    /** People holding a role directly on this complex (e.g. its committee members), by id. */
    public List<Person> holding(Role role, ComplexView complex) {
        List<RoleAssignment> roles = allRoles();
        return people().stream().filter(person -> roles.stream().anyMatch(assignment ->
                assignment.personId() == person.id() && assignment.role() == role
                        && assignment.scope() == ScopeType.COMPLEX
                        && assignment.scopeId() == complex.complex().id())).toList();
    }

    private static ComplexView view(Handle handle, Complex complex) {
        Community community = community(handle, complex.communityId()).orElseThrow();
        Town town = town(handle, community.townId()).orElseThrow();
        return new ComplexView(complex, community, town);
    }

    private static Optional<Town> town(Handle handle, long id) {
        return handle.createQuery(RegistrySql.TOWN).bind("id", id).map(TOWN).findOne();
    }

    private static Optional<Community> community(Handle handle, long id) {
        return handle.createQuery(RegistrySql.COMMUNITY).bind("id", id).map(COMMUNITY).findOne();
    }

    private static Optional<Person> person(Handle handle, long id) {
        return handle.createQuery(RegistrySql.PERSON).bind("id", id).map(PERSON).findOne();
    }

    private static Optional<String> setting(Handle handle, String scope, long scopeId, SettingKey key) {
        return handle.createQuery(RegistrySql.SETTING).bind("scope", scope).bind("scopeId", scopeId)
                .bind("name", key.key()).mapTo(String.class).findOne();
    }
}
