package org.sunlight.registry;

import java.util.Optional;

/** What a person may do, and at which level the role is held. */
public enum Role {
    OWNER("owner", "业主", ScopeType.COMPLEX),
    COMMITTEE("committee", "业委会", ScopeType.COMPLEX),
    PROPERTY("property", "物业", ScopeType.COMPLEX),
    COMMUNITY_OFFICER("community-officer", "社区", ScopeType.COMMUNITY),
    TOWN_OFFICER("town-officer", "镇小区办", ScopeType.TOWN),
    DISCIPLINE_OFFICER("discipline-officer", "镇纪委", ScopeType.TOWN);

    private final String code;
    private final String label;
    private final ScopeType scope;

    Role(String code, String label, ScopeType scope) {
        this.code = code;
        this.label = label;
        this.scope = scope;
    }

    /** The value stored in the database and written in deployment files. */
    public String code() {
        return code;
    }

    /** The Chinese name people see. */
    public String label() {
        return label;
    }

    /** The only scope this role can be held at. */
    public ScopeType scope() {
        return scope;
    }

    /** True for roles that act for the complex itself (answer questions, post ledgers). */
    public boolean isComplexStaff() {
        return this == COMMITTEE || this == PROPERTY;
    }

    /** True for roles above the complex on the ladder. */
    public boolean isOfficer() {
        return this == COMMUNITY_OFFICER || this == TOWN_OFFICER || this == DISCIPLINE_OFFICER;
    }

    public static Optional<Role> fromCode(String code) {
        for (Role role : values()) {
            if (role.code.equals(code)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
