package org.sunlight.assembly;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a date as people type it in chat: 2026-12-20, 2026/12/20, 2026年12月20日, 12月20日. */
final class ChineseDates {

    private static final Pattern FULL = Pattern.compile("^(\\d{4})[-/.年](\\d{1,2})[-/.月](\\d{1,2})日?");
    private static final Pattern MONTH_DAY = Pattern.compile("^(\\d{1,2})月(\\d{1,2})日?");

    private ChineseDates() {
    }

    /** The date at the start of {@code text} and the rest of the text, if it starts with one. */
    static Optional<Leading> leading(String text, LocalDate today) {
        String trimmed = text.strip();
        try {
            Matcher full = FULL.matcher(trimmed);
            if (full.find()) {
                LocalDate date = LocalDate.of(Integer.parseInt(full.group(1)), Integer.parseInt(full.group(2)),
                        Integer.parseInt(full.group(3)));
                return Optional.of(new Leading(date, trimmed.substring(full.end()).strip()));
            }
            Matcher monthDay = MONTH_DAY.matcher(trimmed);
            if (monthDay.find()) {
                LocalDate date = LocalDate.of(today.getYear(), Integer.parseInt(monthDay.group(1)),
                        Integer.parseInt(monthDay.group(2)));
                if (date.isBefore(today)) {
                    date = date.plusYears(1);
                }
                return Optional.of(new Leading(date, trimmed.substring(monthDay.end()).strip()));
            }
        } catch (DateTimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** A date and what followed it. */
    record Leading(LocalDate date, String rest) {
    }
}
