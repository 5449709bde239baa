package org.sunlight.calendar;

import java.time.LocalDate;
import java.util.Map;
import java.util.Set;

/**
 * One validated year of holiday data, as read from one {@code YYYY.yml}.
 *
 * @param year              the year every date below belongs to
 * @param source            where the data came from, for messages and logs
 * @param holidayNameByDate every statutory holiday date with the name of its holiday
 * @param makeupWorkdays    weekend dates that are working days (调休上班)
 */
record YearCalendar(
        int year,
        String source,
        Map<LocalDate, String> holidayNameByDate,
        Set<LocalDate> makeupWorkdays) {

    YearCalendar {
        holidayNameByDate = Map.copyOf(holidayNameByDate);
        makeupWorkdays = Set.copyOf(makeupWorkdays);
    }
}
