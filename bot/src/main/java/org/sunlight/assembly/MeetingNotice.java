package org.sunlight.assembly;

import java.time.LocalDate;

/** A posted meeting notice; {@code late} when it went up with less than the legal lead time. */
public record MeetingNotice(long id, long complexId, MeetingKind kind, LocalDate meetingDate, String agenda,
                            long postedBy, long postedAt, int leadDays, boolean late, String results,
                            Long resultsAt) {
}
