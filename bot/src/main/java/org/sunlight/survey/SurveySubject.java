package org.sunlight.survey;

import java.util.Optional;

/** Who a satisfaction survey is about. */
public enum SurveySubject {
    COMMITTEE("committee", "业委会"),
    PROPERTY("property", "物业");

    private final String code;
    private final String label;

    SurveySubject(String code, String label) {
        this.code = code;
        this.label = label;
    }

    public String code() {
        return code;
    }

    public String label() {
        return label;
    }

    public static SurveySubject fromCode(String code) {
        for (SurveySubject subject : values()) {
            if (subject.code.equals(code)) {
                return subject;
            }
        }
        throw new IllegalArgumentException("unknown survey subject " + code);
    }

    /** Reads what people type: 业委会/业主委员会/委员会 or 物业/物业公司. */
    public static Optional<SurveySubject> fromWord(String word) {
        String text = word.strip();
        if (text.startsWith("业委") || text.startsWith("业主委员会") || text.startsWith("委员会")
                || text.equalsIgnoreCase("committee")) {
            return Optional.of(COMMITTEE);
        }
        if (text.startsWith("物业") || text.equalsIgnoreCase("property")) {
            return Optional.of(PROPERTY);
        }
        return Optional.empty();
    }
}
