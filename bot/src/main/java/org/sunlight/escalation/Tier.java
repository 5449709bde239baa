package org.sunlight.escalation;

import java.util.Optional;

import org.sunlight.registry.SettingKey;

/** The rungs of the ladder: "小事不出小区，大事不出村社". */
public enum Tier {
    COMPLEX(0, "业委会/物业", "committee", SettingKey.ANSWER_DAYS),
    COMMUNITY(1, "社区", "community", SettingKey.COMMUNITY_DAYS),
    TOWN(2, "镇小区办", "town", SettingKey.TOWN_DAYS),
    DISCIPLINE(3, "镇纪委", "discipline", null);

    private final int level;
    private final String label;
    private final String groupPurpose;
    private final SettingKey deadline;

    Tier(int level, String label, String groupPurpose, SettingKey deadline) {
        this.level = level;
        this.label = label;
        this.groupPurpose = groupPurpose;
        this.deadline = deadline;
    }

    public int level() {
        return level;
    }

    /** The Chinese name people see. */
    public String label() {
        return label;
    }

    /** The purpose of the internal group this tier is notified in (see channel bindings). */
    public String groupPurpose() {
        return groupPurpose;
    }

    /** The setting holding this tier's time to act in working days; empty for the last tier. */
    public Optional<SettingKey> deadline() {
        return Optional.ofNullable(deadline);
    }

    public Optional<Tier> next() {
        return level < 3 ? Optional.of(of(level + 1)) : Optional.empty();
    }

    public static Tier of(int level) {
        for (Tier tier : values()) {
            if (tier.level == level) {
                return tier;
            }
        }
        throw new IllegalArgumentException("no tier " + level);
    }
}
