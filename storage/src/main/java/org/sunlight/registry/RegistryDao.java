package org.sunlight.registry;

import java.util.Optional;

import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The deployment loader's writes to the registry (its reads are one bulk {@link RegistrySnapshot}).
 * Attached only when a load finds something to change.
 */
public interface RegistryDao {

    @SqlUpdate("INSERT INTO town (code, name) VALUES (:code, :name)")
    @GetGeneratedKeys("id")
    long insertTown(@Bind("code") String code, @Bind("name") String name);

    @SqlUpdate("UPDATE town SET name = :name WHERE id = :id")
    void updateTown(@Bind("id") long id, @Bind("name") String name);

    @SqlUpdate("INSERT INTO community (town_id, code, name) VALUES (:townId, :code, :name)")
    @GetGeneratedKeys("id")
    long insertCommunity(@Bind("townId") long townId, @Bind("code") String code, @Bind("name") String name);

    @SqlUpdate("UPDATE community SET town_id = :townId, name = :name WHERE id = :id")
    void updateCommunity(@Bind("id") long id, @Bind("townId") long townId, @Bind("name") String name);

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

    @SqlUpdate("INSERT INTO setting (scope, scope_id, name, value) VALUES (:scope, :scopeId, :name, :value)")
    void insertSetting(@Bind("scope") String scope, @Bind("scopeId") long scopeId, @Bind("name") String name,
                       @Bind("value") String value);

    @SqlUpdate("DELETE FROM setting WHERE scope = :scope AND scope_id = :scopeId AND name = :name")
    void deleteSetting(@Bind("scope") String scope, @Bind("scopeId") long scopeId, @Bind("name") String name);

    @SqlUpdate("INSERT INTO person (code, name, phone, household) VALUES (:code, :name, :phone, :household)")
    @GetGeneratedKeys("id")
    long insertPerson(@Bind("code") String code, @Bind("name") String name, @Bind("phone") String phone,
                      @Bind("household") String household);

    @SqlUpdate("UPDATE person SET name = :name, phone = :phone, household = :household WHERE id = :id")
    void updatePerson(@Bind("id") long id, @Bind("name") String name, @Bind("phone") String phone,
                      @Bind("household") String household);

    @SqlUpdate("INSERT INTO person_role (person_id, role, scope, scope_id) VALUES (:personId, :role, :scope, :scopeId)")
    void insertRole(@Bind("personId") long personId, @Bind("role") String role, @Bind("scope") String scope,
                    @Bind("scopeId") long scopeId);

    @SqlUpdate("DELETE FROM person_role WHERE person_id = :personId AND role = :role AND scope = :scope "
            + "AND scope_id = :scopeId")
    void deleteRole(@Bind("personId") long personId, @Bind("role") String role, @Bind("scope") String scope,
                    @Bind("scopeId") long scopeId);

    @SqlQuery(RegistrySql.PERSON_ID_BY_IDENTITY)
    Optional<Long> personIdByIdentity(@Bind("channel") String channel, @Bind("externalId") String externalId);

    @SqlUpdate("INSERT INTO person_identity (person_id, channel, external_id) VALUES (:personId, :channel, :externalId)")
    void insertIdentity(@Bind("personId") long personId, @Bind("channel") String channel,
                        @Bind("externalId") String externalId);

    @SqlUpdate("DELETE FROM person_identity WHERE person_id = :personId AND channel = :channel "
            + "AND external_id = :externalId")
    void deleteIdentity(@Bind("personId") long personId, @Bind("channel") String channel,
                        @Bind("externalId") String externalId);

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

    @SqlUpdate("INSERT INTO person_profile (person_id, position, photo, pledge) VALUES (:personId, :position, "
            + ":photo, :pledge) ON CONFLICT (person_id) DO UPDATE SET position = :position, photo = :photo, "
            + "pledge = :pledge")
    void upsertProfile(@Bind("personId") long personId, @Bind("position") String position,
                       @Bind("photo") String photo, @Bind("pledge") String pledge);

    @SqlUpdate("DELETE FROM person_profile WHERE person_id = :personId")
    void deleteProfile(@Bind("personId") long personId);

    @SqlUpdate("INSERT INTO legal_adviser (town_id, name, firm, phone) VALUES (:townId, :name, :firm, :phone)")
    void insertAdviser(@Bind("townId") long townId, @Bind("name") String name, @Bind("firm") String firm,
                       @Bind("phone") String phone);

    @SqlUpdate("DELETE FROM legal_adviser WHERE town_id = :townId")
    void deleteAdvisers(@Bind("townId") long townId);
}
