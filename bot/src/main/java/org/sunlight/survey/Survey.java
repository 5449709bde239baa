package org.sunlight.survey;

/**
 * A half-yearly satisfaction survey of one complex's committee or property company.
 * {@code satisfied} and {@code votes} are set when it closes.
 */
public record Survey(long id, long complexId, SurveySubject subject, String half, String openedBy, long openedAt,
                     long closesAt, Long closedAt, Integer satisfied, Integer votes) {

    public boolean open() {
        return closedAt == null;
    }

    /** Satisfied share in whole percent (rounded down), or -1 with no votes. */
    public int satisfiedPercent() {
        return votes == null || votes == 0 ? -1 : satisfied * 100 / votes;
    }
}
