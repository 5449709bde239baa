package org.sunlight.registry;

/** The level a role or a channel binding applies to. */
public enum ScopeType {
    TOWN("town"),
    COMMUNITY("community"),
    COMPLEX("complex");

    private final String code;

    ScopeType(String code) {
        this.code = code;
    }

    /** The value stored in the database and written in deployment files. */
    public String code() {
        return code;
    }

    public static ScopeType fromCode(String code) {
        for (ScopeType type : values()) {
            if (type.code.equals(code)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown scope: " + code);
    }
}
