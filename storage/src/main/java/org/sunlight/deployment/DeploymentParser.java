package org.sunlight.deployment;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.sunlight.deployment.Deployment.AdviserSpec;
import org.sunlight.deployment.Deployment.BindingSpec;
import org.sunlight.deployment.Deployment.CommunitySpec;
import org.sunlight.deployment.Deployment.ComplexSpec;
import org.sunlight.deployment.Deployment.PersonSpec;
import org.sunlight.deployment.Deployment.ProfileSpec;
import org.sunlight.deployment.Deployment.RoleSpec;
import org.sunlight.deployment.Deployment.TownSpec;
import org.sunlight.deployment.DeploymentException.Problem;
import org.sunlight.money.Amounts;
import org.sunlight.registry.Role;
import org.sunlight.registry.ScopeType;
import org.sunlight.registry.SettingKey;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a deployment file (YAML) into a checked {@link Deployment}. Every problem is collected
 * with its line, column and key path, so a deployer fixes a file in one pass; a file with any
 * problem is rejected whole. Stateless and thread-safe.
 */
public final class DeploymentParser {

    /** Channels a binding may name. */
    public static final Set<String> CHANNELS = Set.of("sandbox", "wecom-robot", "wecom-customer-group",
            "wecom-app", "wecom-kf", "mp");

    private static final Pattern CODE = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Map<ScopeType, Set<String>> PURPOSES = Map.of(
            ScopeType.COMPLEX, Set.of("owners", "committee"),
            ScopeType.COMMUNITY, Set.of("community"),
            ScopeType.TOWN, Set.of("town", "discipline"));
    private static final int MAX_FILE_BYTES = 4 * 1024 * 1024;

    /** Parses a deployment file on disk. */
    public Deployment parse(Path file) {
        return parse(file.toString(), read(file));
    }

    /** A deployment file's bytes, refused (as a {@link DeploymentException}) if too large or unreadable. */
    public static byte[] read(Path file) {
        String source = file.toString();
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new DeploymentException(source, List.of(new Problem(1, 1, "(file)",
                        "file is larger than " + MAX_FILE_BYTES + " bytes")));
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DeploymentException(source, List.of(new Problem(1, 1, "(file)", "cannot read: " + e)));
        }
    }

    /** Parses a deployment file's bytes, which must be UTF-8; {@code source} names it in problems. */
    public Deployment parse(String source, byte[] content) {
        String yaml;
        try {
            yaml = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            throw new DeploymentException(source, List.of(new Problem(1, 1, "(file)", "file is not valid UTF-8")));
        }
        return parse(source, yaml);
    }

    /** Parses deployment YAML; {@code source} names it in problems. */
    public Deployment parse(String source, String yaml) {
        Node root;
        try (Reader reader = new StringReader(yaml)) {
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(10);
            options.setAllowRecursiveKeys(false);
            options.setCodePointLimit(MAX_FILE_BYTES);
            root = new Yaml(options).compose(reader);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
            throw new DeploymentException(source, List.of(new Problem(mark == null ? 1 : mark.getLine() + 1,
                    mark == null ? 1 : mark.getColumn() + 1, "(syntax)", "not valid YAML: " + what)));
        } catch (IOException | RuntimeException e) {
            throw new DeploymentException(source, List.of(new Problem(1, 1, "(syntax)", "not valid YAML: "
                    + e.getMessage())));
        }
        Reading reading = new Reading();
        Deployment deployment = reading.deployment(source, root);
        if (!reading.problems.isEmpty()) {
            throw new DeploymentException(source, reading.problems);
        }
        return deployment;
    }

    /** State of one parse: the problems found and the codes seen so far. */
    private static final class Reading {
        private final List<Problem> problems = new ArrayList<>();
        private final Map<String, Node> townCodes = new HashMap<>();
        private final Map<String, Node> communityCodes = new HashMap<>();
        private final Map<String, Node> complexCodes = new HashMap<>();
        private final Map<String, Node> personCodes = new HashMap<>();
        private final Map<String, String> identityOwners = new HashMap<>();

        Deployment deployment(String source, Node root) {
            if (root == null) {
                problem(null, "(file)", "the file is empty; it needs 'towns' and 'people'");
                return new Deployment(source, List.of(), List.of());
            }
            Map<String, NodeTuple> top = mapping(root, "(top level)", Set.of("towns", "people"));
            List<TownSpec> towns = new ArrayList<>();
            List<Node> townNodes = requiredSequence(top, root, "towns", "towns");
            for (int i = 0; i < townNodes.size(); i++) {
                towns.add(town(townNodes.get(i), "towns[" + i + "]"));
            }
            List<PersonSpec> people = new ArrayList<>();
            List<Node> personNodes = optionalSequence(top, "people", "people");
            for (int i = 0; i < personNodes.size(); i++) {
                people.add(person(personNodes.get(i), "people[" + i + "]"));
            }
            return new Deployment(source, towns, people);
        }

        TownSpec town(Node node, String path) {
            Map<String, NodeTuple> fields = mapping(node, path, Set.of("code", "name", "settings", "channels",
                    "communities", "legalAdvisers"));
            String code = code(fields, node, path, townCodes, "town");
            String name = requiredText(fields, node, path, "name");
            Map<String, String> settings = settings(fields, path, ScopeType.TOWN);
            List<BindingSpec> channels = channels(fields, path, ScopeType.TOWN, code);
            List<CommunitySpec> communities = new ArrayList<>();
            List<Node> communityNodes = requiredSequence(fields, node, "communities", path + ".communities");
            for (int i = 0; i < communityNodes.size(); i++) {
                communities.add(community(communityNodes.get(i), path + ".communities[" + i + "]"));
            }
            List<AdviserSpec> advisers = new ArrayList<>();
            List<Node> adviserNodes = optionalSequence(fields, "legalAdvisers", path + ".legalAdvisers");
            for (int i = 0; i < adviserNodes.size(); i++) {
                String itemPath = path + ".legalAdvisers[" + i + "]";
                Node adviserNode = adviserNodes.get(i);
                Map<String, NodeTuple> adviser = mapping(adviserNode, itemPath, Set.of("name", "firm", "phone"));
                String adviserName = requiredText(adviser, adviserNode, itemPath, "name");
                String phone = requiredText(adviser, adviserNode, itemPath, "phone");
                String firm = scalar(adviser, "firm", itemPath).map(ScalarNode::getValue).map(String::strip)
                        .orElse(null);
                if (adviserName != null && advisers.stream().anyMatch(item -> item.name().equals(adviserName))) {
                    problem(adviserNode, itemPath + ".name", "duplicate adviser '" + adviserName + "'");
                }
                advisers.add(new AdviserSpec(adviserName, firm, phone));
            }
            return new TownSpec(code, name, settings, channels, communities, advisers);
        }

        CommunitySpec community(Node node, String path) {
            Map<String, NodeTuple> fields = mapping(node, path, Set.of("code", "name", "settings", "channels",
                    "complexes"));
            String code = code(fields, node, path, communityCodes, "community");
            String name = requiredText(fields, node, path, "name");
            Map<String, String> settings = settings(fields, path, ScopeType.COMMUNITY);
            List<BindingSpec> channels = channels(fields, path, ScopeType.COMMUNITY, code);
            List<ComplexSpec> complexes = new ArrayList<>();
            List<Node> complexNodes = requiredSequence(fields, node, "complexes", path + ".complexes");
            for (int i = 0; i < complexNodes.size(); i++) {
                complexes.add(complex(complexNodes.get(i), path + ".complexes[" + i + "]"));
            }
            return new CommunitySpec(code, name, settings, channels, complexes);
        }

        ComplexSpec complex(Node node, String path) {
            Map<String, NodeTuple> fields = mapping(node, path, Set.of("code", "name", "households",
                    "fundFirstDeposit", "settings", "channels"));
            String code = code(fields, node, path, complexCodes, "complex");
            String name = requiredText(fields, node, path, "name");
            int households = 0;
            Optional<ScalarNode> householdsNode = scalar(fields, "households", path);
            if (householdsNode.isEmpty()) {
                problem(node, path + ".households", "missing: the number of households is required");
            } else {
                try {
                    households = Integer.parseInt(householdsNode.get().getValue().strip());
                    if (households < 1 || households > 100_000) {
                        problem(householdsNode.get(), path + ".households", "must be from 1 to 100000");
                    }
                } catch (NumberFormatException e) {
                    problem(householdsNode.get(), path + ".households", "must be a whole number, not '"
                            + householdsNode.get().getValue() + "'");
                }
            }
            long deposit = 0;
            Optional<ScalarNode> depositNode = scalar(fields, "fundFirstDeposit", path);
            if (depositNode.isEmpty()) {
                problem(node, path + ".fundFirstDeposit",
                        "missing: the maintenance fund's first deposit in yuan is required (0 if none)");
            } else {
                try {
                    deposit = Amounts.parseFen(depositNode.get().getValue());
                } catch (IllegalArgumentException e) {
                    problem(depositNode.get(), path + ".fundFirstDeposit", "not an amount in yuan: "
                            + e.getMessage());
                }
            }
            Map<String, String> settings = settings(fields, path, ScopeType.COMPLEX);
            List<BindingSpec> channels = channels(fields, path, ScopeType.COMPLEX, code);
            return new ComplexSpec(code, name, households, deposit, settings, channels);
        }

        PersonSpec person(Node node, String path) {
            Map<String, NodeTuple> fields = mapping(node, path, Set.of("code", "name", "phone", "household",
                    "roles", "identities", "profile"));
            String code = code(fields, node, path, personCodes, "person");
            String name = requiredText(fields, node, path, "name");
            String phone = scalar(fields, "phone", path).map(ScalarNode::getValue).map(String::strip).orElse(null);
            String household = scalar(fields, "household", path).map(ScalarNode::getValue).map(String::strip)
                    .orElse(null);
            List<RoleSpec> roles = new ArrayList<>();
            List<Node> roleNodes = requiredSequence(fields, node, "roles", path + ".roles");
            for (int i = 0; i < roleNodes.size(); i++) {
                role(roleNodes.get(i), path + ".roles[" + i + "]", household).ifPresent(roles::add);
            }
            Map<String, String> identities = new LinkedHashMap<>();
            if (fields.containsKey("identities")) {
                Node identitiesNode = fields.get("identities").getValueNode();
                Map<String, NodeTuple> entries = mapping(identitiesNode, path + ".identities", null);
                entries.forEach((channel, tuple) -> {
                    String keyPath = path + ".identities." + channel;
                    if (!CHANNELS.contains(channel) || "sandbox".equals(channel)) {
                        problem(tuple.getKeyNode(), keyPath, "unknown channel; use one of " + sorted(CHANNELS)
                                + " except sandbox (sandbox identities are the person codes)");
                        return;
                    }
                    if (!(tuple.getValueNode() instanceof ScalarNode value) || value.getValue().isBlank()) {
                        problem(tuple.getValueNode(), keyPath, "must be the person's id on that channel");
                        return;
                    }
                    String identity = channel + ":" + value.getValue().strip();
                    String previous = identityOwners.putIfAbsent(identity, code);
                    if (previous != null) {
                        problem(value, keyPath, "already used by person '" + previous + "'");
                    }
                    identities.put(channel, value.getValue().strip());
                });
            }
            ProfileSpec profile = null;
            if (fields.containsKey("profile")) {
                Node profileNode = fields.get("profile").getValueNode();
                Map<String, NodeTuple> profileFields = mapping(profileNode, path + ".profile",
                        Set.of("position", "photo", "pledge"));
                String position = requiredText(profileFields, profileNode, path + ".profile", "position");
                String photo = scalar(profileFields, "photo", path + ".profile").map(ScalarNode::getValue)
                        .map(String::strip).orElse(null);
                if (photo != null && !photo.startsWith("https://") && !photo.startsWith("http://")
                        && !photo.startsWith("/")) {
                    problem(profileFields.get("photo").getValueNode(), path + ".profile.photo",
                            "must be a web address (https://…) or a path on this site (/…)");
                }
                String pledge = scalar(profileFields, "pledge", path + ".profile").map(ScalarNode::getValue)
                        .map(String::strip).orElse(null);
                profile = new ProfileSpec(position, photo, pledge);
            }
            return new PersonSpec(code, name, phone, household, roles, identities, profile);
        }

        Optional<RoleSpec> role(Node node, String path, String household) {
            Map<String, NodeTuple> fields = mapping(node, path, Set.of("role", "complex", "community", "town"));
            Optional<ScalarNode> roleNode = scalar(fields, "role", path);
            if (roleNode.isEmpty()) {
                problem(node, path + ".role", "missing: one of " + roleCodes());
                return Optional.empty();
            }
            Optional<Role> role = Role.fromCode(roleNode.get().getValue().strip());
            if (role.isEmpty()) {
                problem(roleNode.get(), path + ".role", "unknown role '" + roleNode.get().getValue()
                        + "'; use one of " + roleCodes());
                return Optional.empty();
            }
            ScopeType scope = role.get().scope();
            Optional<ScalarNode> scopeNode = scalar(fields, scope.code(), path);
            for (ScopeType other : ScopeType.values()) {
                if (other != scope && fields.containsKey(other.code())) {
                    problem(fields.get(other.code()).getKeyNode(), path + "." + other.code(), "role '"
                            + role.get().code() + "' is held over a " + scope.code() + ", not a " + other.code());
                }
            }
            if (scopeNode.isEmpty()) {
                problem(node, path + "." + scope.code(), "missing: which " + scope.code() + " this '"
                        + role.get().code() + "' role is for");
                return Optional.empty();
            }
            String scopeCode = scopeNode.get().getValue().strip();
            Map<String, Node> known = switch (scope) {
                case TOWN -> townCodes;
                case COMMUNITY -> communityCodes;
                case COMPLEX -> complexCodes;
            };
            if (!known.containsKey(scopeCode)) {
                problem(scopeNode.get(), path + "." + scope.code(), "no " + scope.code() + " with code '"
                        + scopeCode + "' in this file");
            }
            if (role.get() == Role.OWNER && (household == null || household.isBlank())) {
                problem(node, path, "an owner needs a 'household' (e.g. 3-2-301): surveys count households");
            }
            return Optional.of(new RoleSpec(role.get(), scope, scopeCode));
        }

        Map<String, String> settings(Map<String, NodeTuple> fields, String path, ScopeType scope) {
            Map<String, String> settings = new LinkedHashMap<>();
            if (!fields.containsKey("settings")) {
                return settings;
            }
            Map<String, NodeTuple> entries = mapping(fields.get("settings").getValueNode(), path + ".settings", null);
            entries.forEach((name, tuple) -> {
                String keyPath = path + ".settings." + name;
                Optional<SettingKey> key = SettingKey.fromKey(name);
                if (key.isEmpty()) {
                    problem(tuple.getKeyNode(), keyPath, "unknown setting; known settings: " + settingNames());
                    return;
                }
                if (!key.get().allowedAt(scope)) {
                    problem(tuple.getKeyNode(), keyPath, "cannot be set on a " + scope.code());
                    return;
                }
                if (!(tuple.getValueNode() instanceof ScalarNode value)) {
                    problem(tuple.getValueNode(), keyPath, "must be a single value");
                    return;
                }
                try {
                    settings.put(name, key.get().normalise(value.getValue()));
                } catch (IllegalArgumentException e) {
                    problem(value, keyPath, e.getMessage());
                }
            });
            return settings;
        }

        List<BindingSpec> channels(Map<String, NodeTuple> fields, String path, ScopeType scope, String scopeCode) {
            List<BindingSpec> bindings = new ArrayList<>();
            List<Node> nodes = optionalSequence(fields, "channels", path + ".channels");
            Set<String> seen = new java.util.HashSet<>();
            for (int i = 0; i < nodes.size(); i++) {
                String itemPath = path + ".channels[" + i + "]";
                Node node = nodes.get(i);
                Map<String, NodeTuple> binding = mapping(node, itemPath, Set.of("purpose", "channel", "target"));
                String purpose = requiredText(binding, node, itemPath, "purpose");
                String channel = requiredText(binding, node, itemPath, "channel");
                Optional<ScalarNode> targetNode = scalar(binding, "target", itemPath);
                if (purpose != null && !PURPOSES.get(scope).contains(purpose)) {
                    problem(binding.get("purpose").getValueNode(), itemPath + ".purpose", "a " + scope.code()
                            + " can have groups for " + sorted(PURPOSES.get(scope)) + ", not '" + purpose + "'");
                }
                if (channel != null && !CHANNELS.contains(channel)) {
                    problem(binding.get("channel").getValueNode(), itemPath + ".channel", "unknown channel '"
                            + channel + "'; use one of " + sorted(CHANNELS));
                }
                String target;
                if (targetNode.isPresent() && !targetNode.get().getValue().isBlank()) {
                    target = targetNode.get().getValue().strip();
                } else if ("sandbox".equals(channel)) {
                    target = scope.code() + ":" + scopeCode + ":" + purpose;
                } else {
                    target = null;
                    if (channel != null) {
                        problem(node, itemPath + ".target", "missing: the group's id on " + channel);
                    }
                }
                if (purpose != null && channel != null && !seen.add(purpose + "/" + channel)) {
                    problem(node, itemPath, "a second '" + purpose + "' group on " + channel);
                }
                bindings.add(new BindingSpec(purpose, channel, target));
            }
            return bindings;
        }

        String code(Map<String, NodeTuple> fields, Node owner, String path, Map<String, Node> seen, String kind) {
            String code = requiredText(fields, owner, path, "code");
            if (code == null) {
                return null;
            }
            Node codeNode = fields.get("code").getValueNode();
            if (!CODE.matcher(code).matches()) {
                problem(codeNode, path + ".code", "'" + code
                        + "' is not a valid code: use lowercase letters, digits and '-' (it appears in links)");
            }
            Node previous = seen.putIfAbsent(code, codeNode);
            if (previous != null) {
                problem(codeNode, path + ".code", "duplicate " + kind + " code '" + code + "' (first at line "
                        + (previous.getStartMark().getLine() + 1) + ")");
            }
            return code;
        }

        String requiredText(Map<String, NodeTuple> fields, Node owner, String path, String key) {
            Optional<ScalarNode> node = scalar(fields, key, path);
            if (node.isEmpty()) {
                if (!fields.containsKey(key)) {
                    problem(owner, path + "." + key, "missing");
                }
                return null;
            }
            String value = node.get().getValue().strip();
            if (value.isEmpty()) {
                problem(node.get(), path + "." + key, "must not be empty");
                return null;
            }
            return value;
        }

        Optional<ScalarNode> scalar(Map<String, NodeTuple> fields, String key, String path) {
            NodeTuple tuple = fields.get(key);
            if (tuple == null) {
                return Optional.empty();
            }
            if (tuple.getValueNode() instanceof ScalarNode scalar) {
                if ("null".equals(scalar.getTag().getValue().replace("tag:yaml.org,2002:", ""))) {
                    return Optional.empty();
                }
                return Optional.of(scalar);
            }
            problem(tuple.getValueNode(), path + "." + key, "must be a single value, not a list or mapping");
            return Optional.empty();
        }

        List<Node> requiredSequence(Map<String, NodeTuple> fields, Node owner, String key, String path) {
            if (!fields.containsKey(key)) {
                problem(owner, path, "missing: a list is required");
                return List.of();
            }
            return sequence(fields.get(key).getValueNode(), path);
        }

        List<Node> optionalSequence(Map<String, NodeTuple> fields, String key, String path) {
            if (!fields.containsKey(key)) {
                return List.of();
            }
            return sequence(fields.get(key).getValueNode(), path);
        }

        List<Node> sequence(Node node, String path) {
            if (node instanceof SequenceNode sequence) {
                return sequence.getValue();
            }
            if (node instanceof ScalarNode scalar && scalar.getValue().isEmpty()) {
                return List.of();
            }
            problem(node, path, "must be a list (items starting with '- ')");
            return List.of();
        }

        /** Reads a mapping, reporting duplicate keys and (when {@code allowed} is given) unknown ones. */
        Map<String, NodeTuple> mapping(Node node, String path, Set<String> allowed) {
            Map<String, NodeTuple> fields = new LinkedHashMap<>();
            if (!(node instanceof MappingNode mapping)) {
                problem(node, path, "must be a mapping of 'key: value' lines");
                return fields;
            }
            for (NodeTuple tuple : mapping.getValue()) {
                if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
                    problem(tuple.getKeyNode(), path, "keys must be plain words");
                    continue;
                }
                String key = keyNode.getValue();
                if (allowed != null && !allowed.contains(key)) {
                    problem(keyNode, path + "." + key, "unknown key; expected one of " + sorted(allowed));
                    continue;
                }
                if (fields.putIfAbsent(key, tuple) != null) {
                    problem(keyNode, path + "." + key, "duplicate key");
                }
            }
            return fields;
        }

        void problem(Node node, String path, String message) {
            int line = node == null ? 1 : node.getStartMark().getLine() + 1;
            int column = node == null ? 1 : node.getStartMark().getColumn() + 1;
            problems.add(new Problem(line, column, path, message));
        }
    }

    private static String roleCodes() {
        return java.util.Arrays.stream(Role.values()).map(Role::code).toList().toString();
    }

    private static String settingNames() {
        return java.util.Arrays.stream(SettingKey.values()).map(SettingKey::key).toList().toString();
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }
}
