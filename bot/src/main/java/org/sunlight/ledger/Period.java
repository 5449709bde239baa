package org.sunlight.ledger;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A disclosure period: a quarter ({@code 2026Q1}) or a month ({@code 2026-03}).
 *
 * @param quarterly true for a quarter
 * @param year      the year
 * @param number    the quarter (1–4) or the month (1–12)
 */
public record Period(boolean quarterly, int year, int number) {

    private static final Pattern QUARTER = Pattern.compile("(\\d{4})\\s*(?:Q|q|年第)\\s*([1-4])\\s*(?:季度)?");
    private static final Pattern MONTH = Pattern.compile("(\\d{4})\\s*(?:-|年|/)\\s*(\\d{1,2})\\s*月?");

    public static Period quarter(int year, int quarter) {
        return new Period(true, year, quarter);
    }

    public static Period month(YearMonth month) {
        return new Period(false, month.getYear(), month.getMonthValue());
    }

    /** The period of this kind that contains the date. */
    public static Period containing(LedgerKind kind, LocalDate date) {
        return kind.quarterly() ? quarter(date.getYear(), (date.getMonthValue() - 1) / 3 + 1)
                : month(YearMonth.from(date));
    }

    /** Reads {@code 2026Q1}, {@code 2026年第1季度}, {@code 2026-03} or {@code 2026年3月} for the kind. */
    public static Optional<Period> parse(LedgerKind kind, String text) {
        String clean = text == null ? "" : text.strip();
        if (kind.quarterly()) {
            Matcher matcher = QUARTER.matcher(clean);
            return matcher.matches() ? Optional.of(quarter(Integer.parseInt(matcher.group(1)),
                    Integer.parseInt(matcher.group(2)))) : Optional.empty();
        }
        Matcher matcher = MONTH.matcher(clean);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        int month = Integer.parseInt(matcher.group(2));
        return month >= 1 && month <= 12 ? Optional.of(new Period(false, Integer.parseInt(matcher.group(1)), month))
                : Optional.empty();
    }

    public LocalDate first() {
        return quarterly ? LocalDate.of(year, (number - 1) * 3 + 1, 1) : LocalDate.of(year, number, 1);
    }

    public LocalDate last() {
        return quarterly ? YearMonth.of(year, number * 3).atEndOfMonth() : YearMonth.of(year, number).atEndOfMonth();
    }

    public boolean contains(LocalDate date) {
        return !date.isBefore(first()) && !date.isAfter(last());
    }

    public Period previous() {
        if (quarterly) {
            return number == 1 ? quarter(year - 1, 4) : quarter(year, number - 1);
        }
        return month(YearMonth.of(year, number).minusMonths(1));
    }

    public Period next() {
        if (quarterly) {
            return number == 4 ? quarter(year + 1, 1) : quarter(year, number + 1);
        }
        return month(YearMonth.of(year, number).plusMonths(1));
    }

    /** The form used in links and the database. */
    public String code() {
        return quarterly ? year + "Q" + number : String.format("%d-%02d", year, number);
    }

    /** The Chinese name, e.g. 2026年第1季度 or 2026年3月. */
    public String label() {
        return quarterly ? year + "年第" + number + "季度" : year + "年" + number + "月";
    }

    @Override
    public String toString() {
        return code();
    }
}
