package org.sunlight.deployment;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

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
import org.sunlight.registry.RegistrySnapshot;
import org.sunlight.registry.RoleAssignment;
import org.sunlight.registry.ScopeType;
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
            // Compared against one bulk read; the SqlObject that writes is attached only if something differs.
            List<String> complexesNamed = deployment.towns().stream().flatMap(town -> town.communities().stream())
                    .flatMap(community -> community.complexes().stream()).map(ComplexSpec::code).toList();
            Sync sync = new Sync(RegistrySnapshot.read(handle, complexesNamed),
                    () -> handle.attach(RegistryDao.class));
            Map<String, Long> townIds = new HashMap<>();
            Map<String, Long> communityIds = new HashMap<>();
            Map<String, Long> complexIds = new HashMap<>();
            for (TownSpec town : deployment.towns()) {
                long townId = sync.town(town);
                townIds.put(town.code(), townId);
                sync.settings(ScopeType.TOWN, townId, town.code(), town.settings());
                sync.advisers(townId, town.code(), town.legalAdvisers());
                sync.bindings(ScopeType.TOWN, townId, town.code(), town.channels());
                for (CommunitySpec community : town.communities()) {
                    long communityId = sync.community(townId, community);
                    communityIds.put(community.code(), communityId);
                    sync.settings(ScopeType.COMMUNITY, communityId, community.code(), community.settings());
                    sync.bindings(ScopeType.COMMUNITY, communityId, community.code(), community.channels());
                    for (ComplexSpec complex : community.complexes()) {
                        long complexId = sync.complex(communityId, complex);
                        complexIds.put(complex.code(), complexId);
                        sync.settings(ScopeType.COMPLEX, complexId, complex.code(), complex.settings());
                        sync.bindings(ScopeType.COMPLEX, complexId, complex.code(), complex.channels());
                    }
                }
            }
            Set<Long> declaredPeople = new HashSet<>();
            for (PersonSpec person : deployment.people()) {
                long personId = sync.person(person);
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
                sync.roles(personId, person.code(), wanted);
                sync.identities(personId, person.code(), person.identities());
                sync.profile(personId, person.code(), person.profile());
            }
            for (Person person : sync.current.people()) {
                if (!declaredPeople.contains(person.id())) {
                    sync.roles(person.id(), person.code(), Set.of());
                }
            }
            List<String> notInFile = new ArrayList<>();
            sync.current.complexCodes().stream().filter(code -> !complexIds.containsKey(code))
                    .forEach(code -> notInFile.add("complex " + code));
            if (!sync.changes.isEmpty()) {
                Map<String, Object> detail = new LinkedHashMap<>();
                detail.put("source", deployment.source());
                detail.put("changes", sync.changes);
                auditLog.append(actor, "registry.load", "registry", Canonical.json(detail));
            }
            return new LoadReport(List.copyOf(sync.changes), notInFile);
        });
    }

    /**
     * The report of the last load of {@code source} if the file's content (its {@link #sha256}) and
     * the registry are both as that load and its follow-up left them (no write to a registry table
     * since, from any path: {@code registry_version}); loading it again would change nothing.
     */
    public Optional<LoadReport> unchangedSince(String source, String sha256) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT state.not_in_file FROM deployment_state state "
                        + "JOIN registry_version version ON version.id = 1 WHERE state.source = :source "
                        + "AND state.sha256 = :sha256 AND state.registry_version = version.version")
                .bind("source", source).bind("sha256", sha256).mapTo(String.class).findOne()
                .map(notInFile -> new LoadReport(List.of(), notInFile.isEmpty() ? List.of()
                        : List.of(notInFile.split("\n")))));
    }

    /**
     * Remembers that {@code source}, with content {@code sha256}, is loaded and the registry is as
     * it stands now; call it after the load and whatever follows it at start-up.
     */
    public void remember(String source, String sha256, LoadReport report, long nowMillis) {
        jdbi.useTransaction(handle -> handle.createUpdate("INSERT INTO deployment_state (source, sha256, "
                        + "registry_version, not_in_file, loaded_at) VALUES (:source, :sha256, (SELECT version FROM "
                        + "registry_version WHERE id = 1), :notInFile, :now) ON CONFLICT (source) DO UPDATE SET "
                        + "sha256 = excluded.sha256, registry_version = excluded.registry_version, "
                        + "not_in_file = excluded.not_in_file, loaded_at = excluded.loaded_at")
                .bind("source", source).bind("sha256", sha256)
                .bind("notInFile", String.join("\n", report.notInFile())).bind("now", nowMillis).execute());
    }

    /** A file's SHA-256 in hex, as {@link #unchangedSince} and {@link #remember} take it. */
    public static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /**
     * One load's comparison: the registry as it was when the load began, the writes that make it
     * match the file, and the changes made, in order. Confined to the load's transaction.
     */
    private static final class Sync {

        private final RegistrySnapshot current;
        private final Supplier<RegistryDao> attach;
        private RegistryDao dao;
        private final List<String> changes = new ArrayList<>();
        /** Identities taken from another person earlier in this load ({@code channel:externalId}). */
        private final Map<Long, Set<String>> released = new HashMap<>();

        Sync(RegistrySnapshot current, Supplier<RegistryDao> attach) {
            this.current = current;
            this.attach = attach;
        }

        private RegistryDao dao() {
            if (dao == null) {
                dao = attach.get();
            }
            return dao;
        }

        long town(TownSpec spec) {
            Optional<Town> existing = current.town(spec.code());
            if (existing.isEmpty()) {
                changes.add("created town " + spec.code());
                return dao().insertTown(spec.code(), spec.name());
            }
            if (!existing.get().name().equals(spec.name())) {
                dao().updateTown(existing.get().id(), spec.name());
                changes.add("updated town " + spec.code());
            }
            return existing.get().id();
        }

        long community(long townId, CommunitySpec spec) {
            Optional<Community> existing = current.community(spec.code());
            if (existing.isEmpty()) {
                changes.add("created community " + spec.code());
                return dao().insertCommunity(townId, spec.code(), spec.name());
            }
            Community community = existing.get();
            if (community.townId() != townId || !community.name().equals(spec.name())) {
                dao().updateCommunity(community.id(), townId, spec.name());
                changes.add("updated community " + spec.code());
            }
            return community.id();
        }

        long complex(long communityId, ComplexSpec spec) {
            Optional<Complex> existing = current.complex(spec.code());
            if (existing.isEmpty()) {
                changes.add("created complex " + spec.code());
                return dao().insertComplex(communityId, spec.code(), spec.name(), spec.households(),
                        spec.fundFirstDepositFen());
            }
            Complex complex = existing.get();
            if (complex.communityId() != communityId || !complex.name().equals(spec.name())
                    || complex.households() != spec.households()
                    || complex.fundFirstDepositFen() != spec.fundFirstDepositFen()) {
                dao().updateComplex(complex.id(), communityId, spec.name(), spec.households(),
                        spec.fundFirstDepositFen());
                changes.add("updated complex " + spec.code());
            }
            return complex.id();
        }

        long person(PersonSpec spec) {
            Optional<Person> existing = current.person(spec.code());
            if (existing.isEmpty()) {
                changes.add("created person " + spec.code());
                return dao().insertPerson(spec.code(), spec.name(), spec.phone(), spec.household());
            }
            Person person = existing.get();
            if (!person.name().equals(spec.name()) || !Objects.equals(person.phone(), spec.phone())
                    || !Objects.equals(person.household(), spec.household())) {
                dao().updatePerson(person.id(), spec.name(), spec.phone(), spec.household());
                changes.add("updated person " + spec.code());
            }
            return person.id();
        }

        void settings(ScopeType scope, long scopeId, String code, Map<String, String> wanted) {
            Map<String, String> now = current.settings(scope, scopeId);
            wanted.forEach((name, value) -> {
                String before = now.get(name);
                if (!value.equals(before)) {
                    if (before != null) {
                        dao().deleteSetting(scope.code(), scopeId, name);
                    }
                    dao().insertSetting(scope.code(), scopeId, name, value);
                    changes.add("set " + scope.code() + " " + code + " " + name + "=" + value);
                }
            });
            now.keySet().stream().filter(name -> !wanted.containsKey(name)).sorted().forEach(name -> {
                dao().deleteSetting(scope.code(), scopeId, name);
                changes.add("cleared " + scope.code() + " " + code + " " + name);
            });
        }

        void bindings(ScopeType scope, long scopeId, String code, List<BindingSpec> wanted) {
            Map<String, ChannelBinding> now = new LinkedHashMap<>();
            for (ChannelBinding binding : current.bindings(scope, scopeId)) {
                now.put(binding.purpose() + "/" + binding.channel(), binding);
            }
            Set<String> wantedKeys = new HashSet<>();
            for (BindingSpec binding : wanted) {
                String key = binding.purpose() + "/" + binding.channel();
                wantedKeys.add(key);
                ChannelBinding before = now.get(key);
                if (before == null) {
                    dao().insertBinding(scope.code(), scopeId, binding.purpose(), binding.channel(), binding.target());
                    changes.add("bound " + scope.code() + " " + code + " " + key);
                } else if (!before.target().equals(binding.target())) {
                    dao().updateBindingTarget(scope.code(), scopeId, binding.purpose(), binding.channel(),
                            binding.target());
                    changes.add("rebound " + scope.code() + " " + code + " " + key);
                }
            }
            now.forEach((key, binding) -> {
                if (!wantedKeys.contains(key)) {
                    dao().deleteBinding(scope.code(), scopeId, binding.purpose(), binding.channel());
                    changes.add("unbound " + scope.code() + " " + code + " " + key);
                }
            });
        }

        void roles(long personId, String code, Set<RoleAssignment> wanted) {
            Set<RoleAssignment> now = current.roles(personId);
            for (RoleAssignment role : wanted) {
                if (!now.contains(role)) {
                    dao().insertRole(personId, role.role().code(), role.scope().code(), role.scopeId());
                    changes.add("granted " + code + " " + role.role().code());
                }
            }
            for (RoleAssignment role : now) {
                if (!wanted.contains(role)) {
                    dao().deleteRole(personId, role.role().code(), role.scope().code(), role.scopeId());
                    changes.add("revoked " + code + " " + role.role().code());
                }
            }
        }

        void identities(long personId, String code, Map<String, String> wanted) {
            Set<String> now = new HashSet<>(current.identities(personId));
            now.removeAll(released.getOrDefault(personId, Set.of()));
            Set<String> wantedKeys = new HashSet<>();
            wanted.forEach((channel, externalId) -> wantedKeys.add(channel + ":" + externalId));
            for (String identity : wantedKeys) {
                if (!now.contains(identity)) {
                    int colon = identity.indexOf(':');
                    String channel = identity.substring(0, colon);
                    String externalId = identity.substring(colon + 1);
                    // An id moving from one person to another: release it first.
                    dao().personIdByIdentity(channel, externalId).ifPresent(other -> {
                        dao().deleteIdentity(other, channel, externalId);
                        released.computeIfAbsent(other, id -> new HashSet<>()).add(identity);
                    });
                    dao().insertIdentity(personId, channel, externalId);
                    changes.add("identified " + code + " on " + channel);
                }
            }
            for (String identity : now) {
                if (!wantedKeys.contains(identity)) {
                    int colon = identity.indexOf(':');
                    dao().deleteIdentity(personId, identity.substring(0, colon), identity.substring(colon + 1));
                    changes.add("forgot " + code + " on " + identity.substring(0, colon));
                }
            }
        }

        void advisers(long townId, String code, List<AdviserSpec> wanted) {
            List<LegalAdviser> desired = wanted.stream()
                    .map(adviser -> new LegalAdviser(townId, adviser.name(), adviser.firm(), adviser.phone()))
                    .sorted(Comparator.comparing(LegalAdviser::name)).toList();
            if (!current.advisers(townId).equals(desired)) {
                dao().deleteAdvisers(townId);
                desired.forEach(adviser -> dao().insertAdviser(townId, adviser.name(), adviser.firm(),
                        adviser.phone()));
                changes.add("set legal advisers of town " + code);
            }
        }

        void profile(long personId, String code, ProfileSpec wanted) {
            Optional<Profile> now = current.profile(personId);
            if (wanted == null) {
                if (now.isPresent()) {
                    dao().deleteProfile(personId);
                    changes.add("cleared profile of " + code);
                }
                return;
            }
            Profile desired = new Profile(personId, wanted.position(), wanted.photo(), wanted.pledge());
            if (!now.equals(Optional.of(desired))) {
                dao().upsertProfile(personId, wanted.position(), wanted.photo(), wanted.pledge());
                changes.add("set profile of " + code);
            }
        }
    }

    /** What a load changed, and complexes in the database that the file no longer names. */
    public record LoadReport(List<String> changes, List<String> notInFile) {

        public boolean changedAnything() {
            return !changes.isEmpty();
        }
    }
}
