package org.sunlight.assembly;

/** Meetings whose notice has a legal lead time. */
public enum MeetingKind {
    /** 业主大会: agenda published at least 15 days before (seed 004 (五)2). */
    ASSEMBLY("assembly", "业主大会", 15),
    /** 业委会年度述职会: invitation at least one week before (seed 004 (二)3). */
    ANNUAL_REPORT("annual-report", "业委会年度述职会", 7);

    private final String code;
    private final String label;
    private final int minimumLeadDays;

    MeetingKind(String code, String label, int minimumLeadDays) {
        this.code = code;
        this.label = label;
        this.minimumLeadDays = minimumLeadDays;
    }

    public String code() {
        return code;
    }

    public String label() {
        return label;
    }

    /** Calendar days between the notice and the meeting, at least. */
    public int minimumLeadDays() {
        return minimumLeadDays;
    }

    public static MeetingKind fromCode(String code) {
        for (MeetingKind kind : values()) {
            if (kind.code.equals(code)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown meeting kind " + code);
    }
}
