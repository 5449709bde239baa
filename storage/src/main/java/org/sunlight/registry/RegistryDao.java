package org.sunlight.registry;

import java.util.List;
import java.util.Optional;

import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** SQL for the deployment registry. */
@RegisterConstructorMapper(Town.class)
@RegisterConstructorMapper(Community.class)
@RegisterConstructorMapper(Complex.class)
@RegisterConstructorMapper(Person.class)
@RegisterConstructorMapper(Profile.class)
@RegisterConstructorMapper(LegalAdviser.class)
@RegisterRowMapper(RoleAssignmentMapper.class)
@RegisterRowMapper(ChannelBindingMapper.class)
public interface RegistryDao {

    @SqlQuery(RegistrySql.TOWNS)
    List<Town> towns();

    @SqlQuery(RegistrySql.TOWN)
    Optional<Town> town(@Bind("id") long id);

    @SqlQuery("SELECT * FROM town WHERE code = :code")
    Optional<Town> townByCode(@Bind("code") String code);

    @SqlUpdate("INSERT INTO town (code, name) VALUES (:code, :name)")
    @GetGeneratedKeys("id")
    long insertTown(@Bind("code") String code, @Bind("name") String name);

    @SqlUpdate("UPDATE town SET name = :name WHERE id = :id")
    void updateTown(@Bind("id") long id, @Bind("name") String name);

    @SqlQuery(RegistrySql.COMMUNITIES)
    List<Community> communities();

    @SqlQuery(RegistrySql.COMMUNITY)
    Optional<Community> community(@Bind("id") long id);

    @SqlQuery("SELECT * FROM community WHERE code = :code")
    Optional<Community> communityByCode(@Bind("code") String code);

    @SqlUpdate("INSERT INTO community (town_id, code, name) VALUES (:townId, :code, :name)")
    @GetGeneratedKeys("id")
    long insertCommunity(@Bind("townId") long townId, @Bind("code") String code, @Bind("name") String name);

    @SqlUpdate("UPDATE community SET town_id = :townId, name = :name WHERE id = :id")
    void updateCommunity(@Bind("id") long id, @Bind("townId") long townId, @Bind("name") String name);

    @SqlQuery(RegistrySql.COMPLEXES)
    List<Complex> complexes();

    /** Codes only: what a deployment load compares, without mapping every complex. */
    @SqlQuery("SELECT code FROM complex ORDER BY id")
    List<String> complexCodes();

    @SqlQuery(RegistrySql.COMPLEX)
    Optional<Complex> complex(@Bind("id") long id);

    @SqlQuery(RegistrySql.COMPLEX_BY_CODE)
    Optional<Complex> complexByCode(@Bind("code") String code);

    @SqlUpdate("INSERT INTO complex (community_id, code, name, households, fund_first_deposit_fen) "
            + "VALUES (:communityId, :code, :name, :households, :fundFirstDepositFen)")
    @GetGeneratedKeys("id")
    long insertComplex(@Bind("communityId") long communityId, @Bind("code") String code,
                       @Bind("name") String name, @Bind("households") int households,
                       @Bind("fundFirstDepositFen") long fundFirstDepositFen);

    @SqlUpdate("UPDATE complex SET community_id = :communityId, name = :name, households = :households, "
            + "fund_first_deposit_fen = :fundFirstDepositFen WHERE id = :id")
    void updateComplex(@Bind("id") long id, @Bind("communityId") long communityId, @Bind("name") String name,
                       @Bind("households") int households, @Bind("fundFirstDepositFen") long fundFirstDepositFen);

    @SqlQuery("SELECT name, value FROM setting WHERE scope = :scope AND scope_id = :scopeId ORDER BY name")
    @RegisterConstructorMapper(Setting.class)
    List<Setting> settings(@Bind("scope") String scope, @Bind("scopeId") long scopeId);

    @SqlQuery(RegistrySql.SETTING)
    Optional<String> setting(@Bind("scope") String scope, @Bind("scopeId") long scopeId, @Bind("name") String name);

    @SqlUpdate("INSERT INTO setting (scope, scope_id, name, value) VALUES (:scope, :scopeId, :name, :value)")
    void insertSetting(@Bind("scope") String scope, @Bind("scopeId") long scopeId, @Bind("name") String name,
                       @Bind("value") String value);

    @SqlUpdate("DELETE FROM setting WHERE scope = :scope AND scope_id = :scopeId AND name = :name")
    void deleteSetting(@Bind("scope") String scope, @Bind("scopeId") long scopeId, @Bind("name") String name);

    @SqlQuery(RegistrySql.PEOPLE)
    List<Person> people();

    @SqlQuery(RegistrySql.PERSON)
    Optional<Person> person(@Bind("id") long id);

    @SqlQuery(RegistrySql.PERSON_BY_CODE)
    Optional<Person> personByCode(@Bind("code") String code);

    @SqlUpdate("INSERT INTO person (code, name, phone, household) VALUES (:code, :name, :phone, :household)")
    @GetGeneratedKeys("id")
    long insertPerson(@Bind("code") String code, @Bind("name") String name, @Bind("phone") String phone,
                      @Bind("household") String household);

    @SqlUpdate("UPDATE person SET name = :name, phone = :phone, household = :household WHERE id = :id")
    void updatePerson(@Bind("id") long id, @Bind("name") String name, @Bind("phone") String phone,
                      @Bind("household") String household);

    @SqlQuery(RegistrySql.ROLES_OF)
    List<RoleAssignment> rolesOf(@Bind("personId") long personId);

    @SqlQuery(RegistrySql.ALL_ROLES)
    List<RoleAssignment> allRoles();

    @SqlUpdate("INSERT INTO person_role (person_id, role, scope, scope_id) VALUES (:personId, :role, :scope, :scopeId)")
    void insertRole(@Bind("personId") long personId, @Bind("role") String role, @Bind("scope") String scope,
                    @Bind("scopeId") long scopeId);

    @SqlUpdate("DELETE FROM person_role WHERE person_id = :personId AND role = :role AND scope = :scope "
            + "AND scope_id = :scopeId")
    void deleteRole(@Bind("personId") long personId, @Bind("role") String role, @Bind("scope") String scope,
                    @Bind("scopeId") long scopeId);

    @SqlQuery(RegistrySql.PERSON_ID_BY_IDENTITY)
    Optional<Long> personIdByIdentity(@Bind("channel") String channel, @Bind("externalId") String externalId);

    @SqlQuery("SELECT channel || ':' || external_id FROM person_identity WHERE person_id = :personId ORDER BY 1")
    List<String> identitiesOf(@Bind("personId") long personId);

    @SqlUpdate("INSERT INTO person_identity (person_id, channel, external_id) VALUES (:personId, :channel, :externalId)")
    void insertIdentity(@Bind("personId") long personId, @Bind("channel") String channel,
                        @Bind("externalId") String externalId);

    @SqlUpdate("DELETE FROM person_identity WHERE person_id = :personId AND channel = :channel "
            + "AND external_id = :externalId")
    void deleteIdentity(@Bind("personId") long personId, @Bind("channel") String channel,
                        @Bind("externalId") String externalId);

    @SqlQuery(RegistrySql.BINDINGS)
    List<ChannelBinding> bindings();

    @SqlQuery(RegistrySql.BINDINGS_OF)
    List<ChannelBinding> bindingsOf(@Bind("scope") String scope, @Bind("scopeId") long scopeId);

    @SqlUpdate("INSERT INTO channel_binding (scope, scope_id, purpose, channel, target) "
            + "VALUES (:scope, :scopeId, :purpose, :channel, :target)")
    void insertBinding(@Bind("scope") String scope, @Bind("scopeId") long scopeId, @Bind("purpose") String purpose,
                       @Bind("channel") String channel, @Bind("target") String target);

    @SqlUpdate("UPDATE channel_binding SET target = :target WHERE scope = :scope AND scope_id = :scopeId "
            + "AND purpose = :purpose AND channel = :channel")
    void updateBindingTarget(@Bind("scope") String scope, @Bind("scopeId") long scopeId,
                             @Bind("purpose") String purpose, @Bind("channel") String channel,
                             @Bind("target") String target);

    @SqlUpdate("DELETE FROM channel_binding WHERE scope = :scope AND scope_id = :scopeId AND purpose = :purpose "
            + "AND channel = :channel")
    void deleteBinding(@Bind("scope") String scope, @Bind("scopeId") long scopeId, @Bind("purpose") String purpose,
                       @Bind("channel") String channel);

    @SqlQuery(RegistrySql.PROFILE)
    Optional<Profile> profile(@Bind("personId") long personId);

    @SqlUpdate("INSERT INTO person_profile (person_id, position, photo, pledge) VALUES (:personId, :position, "
            + ":photo, :pledge) ON CONFLICT (person_id) DO UPDATE SET position = :position, photo = :photo, "
            + "pledge = :pledge")
    void upsertProfile(@Bind("personId") long personId, @Bind("position") String position,
                       @Bind("photo") String photo, @Bind("pledge") String pledge);

    @SqlUpdate("DELETE FROM person_profile WHERE person_id = :personId")
    void deleteProfile(@Bind("personId") long personId);

    @SqlQuery(RegistrySql.ADVISERS)
    List<LegalAdviser> advisers(@Bind("townId") long townId);

    @SqlUpdate("INSERT INTO legal_adviser (town_id, name, firm, phone) VALUES (:townId, :name, :firm, :phone)")
    void insertAdviser(@Bind("townId") long townId, @Bind("name") String name, @Bind("firm") String firm,
                       @Bind("phone") String phone);

    @SqlUpdate("DELETE FROM legal_adviser WHERE town_id = :townId")
    void deleteAdvisers(@Bind("townId") long townId);
}
