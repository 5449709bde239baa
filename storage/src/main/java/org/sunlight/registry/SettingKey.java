package org.sunlight.registry;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import org.sunlight.money.Amounts;

/**
 * Every setting a deployment may override, with its type, the scopes it may be set at and its
 * default. Lookups fall back complex → community → town → default.
 */
public enum SettingKey {
    /** Working days the committee or property company has to answer an owner (tier 0). */
    ANSWER_DAYS("answerDays", Type.WORKING_DAYS, "3", EnumSet.allOf(ScopeType.class)),
    /** Working days the community has to act on an escalated item (tier 1). */
    COMMUNITY_DAYS("communityDays", Type.WORKING_DAYS, "5", EnumSet.of(ScopeType.TOWN, ScopeType.COMMUNITY)),
    /** Working days the town office has to act (tier 2). */
    TOWN_DAYS("townDays", Type.WORKING_DAYS, "5", EnumSet.of(ScopeType.TOWN)),
    /** The working day of the next month by which the shared-utility statement is due. */
    UTILITY_DUE_WORKING_DAY("utilityDueWorkingDay", Type.WORKING_DAYS, "10", EnumSet.allOf(ScopeType.class)),
    /** Working days after a maintenance-fund withdrawal by which it must be disclosed. */
    WITHDRAWAL_DUE_WORKING_DAYS("withdrawalDueWorkingDays", Type.WORKING_DAYS, "5", EnumSet.allOf(ScopeType.class)),
    /** Spending at or above this needs a prior report to the community (主动报告). */
    LARGE_ITEM_THRESHOLD("largeItemThreshold", Type.MONEY, "50000.00", EnumSet.allOf(ScopeType.class)),
    /** Below this share of the first deposit the fund needs a top-up plan. */
    FUND_TOP_UP_PERCENT("fundTopUpPercent", Type.PERCENT, "30", EnumSet.allOf(ScopeType.class)),
    /** Calendar days a half-yearly satisfaction survey stays open. */
    SURVEY_DAYS("surveyDays", Type.WORKING_DAYS, "14", EnumSet.allOf(ScopeType.class));

    /** How a setting's text is checked and read. */
    public enum Type {
        WORKING_DAYS, MONEY, PERCENT
    }

    private final String key;
    private final Type type;
    private final String defaultValue;
    private final Set<ScopeType> scopes;

    SettingKey(String key, Type type, String defaultValue, Set<ScopeType> scopes) {
        this.key = key;
        this.type = type;
        this.defaultValue = defaultValue;
        this.scopes = scopes;
    }

    public String key() {
        return key;
    }

    public Type type() {
        return type;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public boolean allowedAt(ScopeType scope) {
        return scopes.contains(scope);
    }

    public static Optional<SettingKey> fromKey(String key) {
        return Arrays.stream(values()).filter(setting -> setting.key.equals(key)).findFirst();
    }

    /**
     * Checks a value and returns its normalised stored form (money as fen digits).
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public String normalise(String value) {
        switch (type) {
            case WORKING_DAYS -> {
                int days = parseInt(value);
                if (days < 1 || days > 60) {
                    throw new IllegalArgumentException("must be a whole number of working days from 1 to 60");
                }
                return Integer.toString(days);
            }
            case PERCENT -> {
                int percent = parseInt(value);
                if (percent < 0 || percent > 100) {
                    throw new IllegalArgumentException("must be a percentage from 0 to 100");
                }
                return Integer.toString(percent);
            }
            case MONEY -> {
                return Long.toString(Amounts.parseFen(value));
            }
            default -> throw new IllegalStateException("unhandled type " + type);
        }
    }

    /** The default in stored form. */
    public String defaultStored() {
        return normalise(defaultValue);
    }

    private static int parseInt(String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a whole number, not '" + value + "'");
        }
    }
}
