package org.sunlight.registry;

/**
 * The registry's read queries, shared by {@link Registry} (fluent, per call), {@link RegistrySnapshot}
 * (the deployment load's bulk read) and {@link RegistryDao} (its writes), so each statement has one home.
 */
final class RegistrySql {

    static final String TOWNS = "SELECT * FROM town ORDER BY id";

    static final String TOWN = "SELECT * FROM town WHERE id = :id";

    static final String COMMUNITIES = "SELECT * FROM community ORDER BY id";

    static final String COMMUNITY = "SELECT * FROM community WHERE id = :id";

    static final String COMPLEXES = "SELECT * FROM complex ORDER BY id";

    static final String COMPLEX = "SELECT * FROM complex WHERE id = :id";

    static final String COMPLEX_BY_CODE = "SELECT * FROM complex WHERE code = :code";

    static final String PEOPLE = "SELECT * FROM person ORDER BY id";

    static final String PERSON = "SELECT * FROM person WHERE id = :id";

    static final String PERSON_BY_CODE = "SELECT * FROM person WHERE code = :code";

    static final String ROLES_OF = "SELECT * FROM person_role WHERE person_id = :personId ORDER BY role, scope, scope_id";

    static final String ALL_ROLES = "SELECT * FROM person_role ORDER BY person_id, role, scope, scope_id";

    static final String PERSON_ID_BY_IDENTITY = "SELECT person_id FROM person_identity WHERE channel = :channel AND external_id = :externalId";

    static final String BINDINGS = "SELECT * FROM channel_binding ORDER BY scope, scope_id, purpose, channel";

    static final String BINDINGS_OF = "SELECT * FROM channel_binding WHERE scope = :scope AND scope_id = :scopeId ORDER BY purpose, channel";

    static final String SETTING = "SELECT value FROM setting WHERE scope = :scope AND scope_id = :scopeId AND name = :name";

    static final String PROFILE = "SELECT * FROM person_profile WHERE person_id = :personId";

    static final String ADVISERS = "SELECT * FROM legal_adviser WHERE town_id = :townId ORDER BY name";

    private RegistrySql() {
    }
}
