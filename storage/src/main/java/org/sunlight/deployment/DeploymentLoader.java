package org.sunlight.deployment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.jdbi.v3.core.Jdbi;
import org.sunlight.audit.AuditLog;
import org.sunlight.audit.Canonical;
import org.sunlight.deployment.Deployment.AdviserSpec;
import org.sunlight.deployment.Deployment.BindingSpec;
import org.sunlight.deployment.Deployment.CommunitySpec;
import org.sunlight.deployment.Deployment.ComplexSpec;
import org.sunlight.deployment.Deployment.PersonSpec;
import org.sunlight.deployment.Deployment.ProfileSpec;
import org.sunlight.deployment.Deployment.RoleSpec;
import org.sunlight.deployment.Deployment.TownSpec;
import org.sunlight.registry.ChannelBinding;
import org.sunlight.registry.Community;
import org.sunlight.registry.Complex;
import org.sunlight.registry.LegalAdviser;
import org.sunlight.registry.Person;
import org.sunlight.registry.Profile;
import org.sunlight.registry.RegistryDao;
import org.sunlight.registry.RoleAssignment;
import org.sunlight.registry.ScopeType;
import org.sunlight.registry.Setting;
import org.sunlight.registry.Town;
import org.sunlight.storage.Locks;

/**
 * Writes a checked {@link Deployment} into the registry in one transaction, changing only what
 * differs: loading the same file twice changes nothing and writes no audit entry.
 *
 * <p>What the file declares is the truth for what it names: settings, channel bindings, roles and
 * identities are made to match it. Towns, communities, complexes and people the file no longer
 * names are kept (ledgers and questions refer to them) but people lose their roles, so a
 * committee member who left can no longer act. Thread-safe.
 */
public final class DeploymentLoader {

    private final Jdbi jdbi;
    private final AuditLog auditLog;

    public DeploymentLoader(Jdbi jdbi, AuditLog auditLog) {
        this.jdbi = jdbi;
        this.auditLog = auditLog;
    }

    /** Loads the deployment; returns what changed. */
    public LoadReport load(Deployment deployment, String actor) {
        return jdbi.inTransaction(handle -> {
            // Nodes of a cluster starting together load the same file one after the other.
            Locks.lockForTransaction(handle, "deployment-load");
            RegistryDao dao = handle.attach(RegistryDao.class);
            List<String> changes = new ArrayList<>();
            Map<String, Long> townIds = new HashMap<>();
            Map<String, Long> communityIds = new HashMap<>();
            Map<String, Long> complexIds = new HashMap<>();
            for (TownSpec town : deployment.towns()) {
                long townId = upsertTown(dao, town, changes);
                townIds.put(town.code(), townId);
                syncSettings(dao, ScopeType.TOWN, townId, town.code(), town.settings(), changes);
                syncAdvisers(dao, townId, town.code(), town.legalAdvisers(), changes);
                syncBindings(dao, ScopeType.TOWN, townId, town.code(), town.channels(), changes);
                for (CommunitySpec community : town.communities()) {
                    long communityId = upsertCommunity(dao, townId, community, changes);
                    communityIds.put(community.code(), communityId);
                    syncSettings(dao, ScopeType.COMMUNITY, communityId, community.code(), community.settings(),
                            changes);
                    syncBindings(dao, ScopeType.COMMUNITY, communityId, community.code(), community.channels(),
                            changes);
                    for (ComplexSpec complex : community.complexes()) {
                        long complexId = upsertComplex(dao, communityId, complex, changes);
                        complexIds.put(complex.code(), complexId);
                        syncSettings(dao, ScopeType.COMPLEX, complexId, complex.code(), complex.settings(), changes);
                        syncBindings(dao, ScopeType.COMPLEX, complexId, complex.code(), complex.channels(), changes);
                    }
                }
            }
            Set<Long> declaredPeople = new HashSet<>();
            for (PersonSpec person : deployment.people()) {
                long personId = upsertPerson(dao, person, changes);
                declaredPeople.add(personId);
                Set<RoleAssignment> wanted = new HashSet<>();
                for (RoleSpec role : person.roles()) {
                    Map<String, Long> ids = switch (role.scope()) {
                        case TOWN -> townIds;
                        case COMMUNITY -> communityIds;
                        case COMPLEX -> complexIds;
                    };
                    wanted.add(new RoleAssignment(personId, role.role(), role.scope(), ids.get(role.scopeCode())));
                }
                syncRoles(dao, personId, person.code(), wanted, changes);
                syncIdentities(dao, personId, person.code(), person.identities(), changes);
                syncProfile(dao, personId, person.code(), person.profile(), changes);
            }
            for (Person person : dao.people()) {
                if (!declaredPeople.contains(person.id())) {
                    syncRoles(dao, person.id(), person.code(), Set.of(), changes);
                }
            }
            List<String> notInFile = new ArrayList<>();
            dao.complexCodes().stream().filter(code -> !complexIds.containsKey(code))
                    .forEach(code -> notInFile.add("complex " + code));
            if (!changes.isEmpty()) {
                Map<String, Object> detail = new LinkedHashMap<>();
                detail.put("source", deployment.source());
                detail.put("changes", changes);
                auditLog.append(actor, "registry.load", "registry", Canonical.json(detail));
            }
            return new LoadReport(changes, notInFile);
        });
    }

    private static long upsertTown(RegistryDao dao, TownSpec spec, List<String> changes) {
        Optional<Town> existing = dao.townByCode(spec.code());
        if (existing.isEmpty()) {
            changes.add("created town " + spec.code());
            return dao.insertTown(spec.code(), spec.name());
        }
        if (!existing.get().name().equals(spec.name())) {
            dao.updateTown(existing.get().id(), spec.name());
            changes.add("updated town " + spec.code());
        }
        return existing.get().id();
    }

    private static long upsertCommunity(RegistryDao dao, long townId, CommunitySpec spec, List<String> changes) {
        Optional<Community> existing = dao.communityByCode(spec.code());
        if (existing.isEmpty()) {
            changes.add("created community " + spec.code());
            return dao.insertCommunity(townId, spec.code(), spec.name());
        }
        Community community = existing.get();
        if (community.townId() != townId || !community.name().equals(spec.name())) {
            dao.updateCommunity(community.id(), townId, spec.name());
            changes.add("updated community " + spec.code());
        }
        return community.id();
    }

    private static long upsertComplex(RegistryDao dao, long communityId, ComplexSpec spec, List<String> changes) {
        Optional<Complex> existing = dao.complexByCode(spec.code());
        if (existing.isEmpty()) {
            changes.add("created complex " + spec.code());
            return dao.insertComplex(communityId, spec.code(), spec.name(), spec.households(),
                    spec.fundFirstDepositFen());
        }
        Complex complex = existing.get();
        if (complex.communityId() != communityId || !complex.name().equals(spec.name())
                || complex.households() != spec.households()
                || complex.fundFirstDepositFen() != spec.fundFirstDepositFen()) {
            dao.updateComplex(complex.id(), communityId, spec.name(), spec.households(), spec.fundFirstDepositFen());
            changes.add("updated complex " + spec.code());
        }
        return complex.id();
    }

    private static long upsertPerson(RegistryDao dao, PersonSpec spec, List<String> changes) {
        Optional<Person> existing = dao.personByCode(spec.code());
        if (existing.isEmpty()) {
            changes.add("created person " + spec.code());
            return dao.insertPerson(spec.code(), spec.name(), spec.phone(), spec.household());
        }
        Person person = existing.get();
        if (!person.name().equals(spec.name()) || !Objects.equals(person.phone(), spec.phone())
                || !Objects.equals(person.household(), spec.household())) {
            dao.updatePerson(person.id(), spec.name(), spec.phone(), spec.household());
            changes.add("updated person " + spec.code());
        }
        return person.id();
    }

    private static void syncSettings(RegistryDao dao, ScopeType scope, long scopeId, String code,
                                     Map<String, String> wanted, List<String> changes) {
        Map<String, String> current = new HashMap<>();
        for (Setting setting : dao.settings(scope.code(), scopeId)) {
            current.put(setting.name(), setting.value());
        }
        wanted.forEach((name, value) -> {
            String now = current.get(name);
            if (!value.equals(now)) {
                if (now != null) {
                    dao.deleteSetting(scope.code(), scopeId, name);
                }
                dao.insertSetting(scope.code(), scopeId, name, value);
                changes.add("set " + scope.code() + " " + code + " " + name + "=" + value);
            }
        });
        current.keySet().stream().filter(name -> !wanted.containsKey(name)).forEach(name -> {
            dao.deleteSetting(scope.code(), scopeId, name);
            changes.add("cleared " + scope.code() + " " + code + " " + name);
        });
    }

    private static void syncBindings(RegistryDao dao, ScopeType scope, long scopeId, String code,
                                     List<BindingSpec> wanted, List<String> changes) {
        Map<String, ChannelBinding> current = new HashMap<>();
        for (ChannelBinding binding : dao.bindingsOf(scope.code(), scopeId)) {
            current.put(binding.purpose() + "/" + binding.channel(), binding);
        }
        Set<String> wantedKeys = new HashSet<>();
        for (BindingSpec binding : wanted) {
            String key = binding.purpose() + "/" + binding.channel();
            wantedKeys.add(key);
            ChannelBinding now = current.get(key);
            if (now == null) {
                dao.insertBinding(scope.code(), scopeId, binding.purpose(), binding.channel(), binding.target());
                changes.add("bound " + scope.code() + " " + code + " " + key);
            } else if (!now.target().equals(binding.target())) {
                dao.updateBindingTarget(scope.code(), scopeId, binding.purpose(), binding.channel(), binding.target());
                changes.add("rebound " + scope.code() + " " + code + " " + key);
            }
        }
        current.forEach((key, binding) -> {
            if (!wantedKeys.contains(key)) {
                dao.deleteBinding(scope.code(), scopeId, binding.purpose(), binding.channel());
                changes.add("unbound " + scope.code() + " " + code + " " + key);
            }
        });
    }

    private static void syncRoles(RegistryDao dao, long personId, String code, Set<RoleAssignment> wanted,
                                  List<String> changes) {
        Set<RoleAssignment> current = new HashSet<>(dao.rolesOf(personId));
        for (RoleAssignment role : wanted) {
            if (!current.contains(role)) {
                dao.insertRole(personId, role.role().code(), role.scope().code(), role.scopeId());
                changes.add("granted " + code + " " + role.role().code());
            }
        }
        for (RoleAssignment role : current) {
            if (!wanted.contains(role)) {
                dao.deleteRole(personId, role.role().code(), role.scope().code(), role.scopeId());
                changes.add("revoked " + code + " " + role.role().code());
            }
        }
    }

    private static void syncIdentities(RegistryDao dao, long personId, String code, Map<String, String> wanted,
                                       List<String> changes) {
        Set<String> current = new HashSet<>(dao.identitiesOf(personId));
        Set<String> wantedKeys = new HashSet<>();
        wanted.forEach((channel, externalId) -> wantedKeys.add(channel + ":" + externalId));
        for (String identity : wantedKeys) {
            if (!current.contains(identity)) {
                int colon = identity.indexOf(':');
                String channel = identity.substring(0, colon);
                String externalId = identity.substring(colon + 1);
                // An id moving from one person to another: release it first.
                dao.personIdByIdentity(channel, externalId)
                        .ifPresent(other -> dao.deleteIdentity(other, channel, externalId));
                dao.insertIdentity(personId, channel, externalId);
                changes.add("identified " + code + " on " + channel);
            }
        }
        for (String identity : current) {
            if (!wantedKeys.contains(identity)) {
                int colon = identity.indexOf(':');
                dao.deleteIdentity(personId, identity.substring(0, colon), identity.substring(colon + 1));
                changes.add("forgot " + code + " on " + identity.substring(0, colon));
            }
        }
    }

    private static void syncAdvisers(RegistryDao dao, long townId, String code, List<AdviserSpec> wanted,
                                     List<String> changes) {
        List<LegalAdviser> current = dao.advisers(townId);
        List<LegalAdviser> desired = wanted.stream()
                .map(adviser -> new LegalAdviser(townId, adviser.name(), adviser.firm(), adviser.phone()))
                .sorted(java.util.Comparator.comparing(LegalAdviser::name)).toList();
        if (!current.equals(desired)) {
            dao.deleteAdvisers(townId);
            desired.forEach(adviser -> dao.insertAdviser(townId, adviser.name(), adviser.firm(), adviser.phone()));
            changes.add("set legal advisers of town " + code);
        }
    }

    private static void syncProfile(RegistryDao dao, long personId, String code, ProfileSpec wanted,
                                    List<String> changes) {
        Optional<Profile> current = dao.profile(personId);
        if (wanted == null) {
            if (current.isPresent()) {
                dao.deleteProfile(personId);
                changes.add("cleared profile of " + code);
            }
            return;
        }
        Profile desired = new Profile(personId, wanted.position(), wanted.photo(), wanted.pledge());
        if (!current.equals(Optional.of(desired))) {
            dao.upsertProfile(personId, wanted.position(), wanted.photo(), wanted.pledge());
            changes.add("set profile of " + code);
        }
    }

    /** What a load changed, and complexes in the database that the file no longer names. */
    public record LoadReport(List<String> changes, List<String> notInFile) {

        public boolean changedAnything() {
            return !changes.isEmpty();
        }
    }
}
