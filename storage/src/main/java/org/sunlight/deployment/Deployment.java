package org.sunlight.deployment;

import java.util.List;
import java.util.Map;

import org.sunlight.registry.Role;
import org.sunlight.registry.ScopeType;

/**
 * A parsed, checked deployment file: the towns, communities and complexes Sunlight serves, the
 * people in them and where their groups live. Settings values are already normalised.
 */
public record Deployment(String source, List<TownSpec> towns, List<PersonSpec> people) {

    /** A town and everything under it. */
    public record TownSpec(String code, String name, Map<String, String> settings, List<BindingSpec> channels,
                           List<CommunitySpec> communities, List<AdviserSpec> legalAdvisers) {
    }

    /** A legal adviser the town provides to its complexes; posted in every group. */
    public record AdviserSpec(String name, String firm, String phone) {
    }

    /** What a committee member shows the owners: position (e.g. 业委会主任), photo URL, pledge. */
    public record ProfileSpec(String position, String photo, String pledge) {
    }

    /** A community and its complexes. */
    public record CommunitySpec(String code, String name, Map<String, String> settings,
                                List<BindingSpec> channels, List<ComplexSpec> complexes) {
    }

    /** A complex. */
    public record ComplexSpec(String code, String name, int households, long fundFirstDepositFen,
                              Map<String, String> settings, List<BindingSpec> channels) {
    }

    /** A group on a channel; {@code target} is resolved (sandbox targets get a default). */
    public record BindingSpec(String purpose, String channel, String target) {
    }

    /** A person, their roles and how each channel knows them. */
    public record PersonSpec(String code, String name, String phone, String household, List<RoleSpec> roles,
                             Map<String, String> identities, ProfileSpec profile) {
    }

    /** A role held over the town, community or complex with the given code. */
    public record RoleSpec(Role role, ScopeType scope, String scopeCode) {
    }
}
