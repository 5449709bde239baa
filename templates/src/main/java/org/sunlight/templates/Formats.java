package org.sunlight.templates;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Objects;

/**
 * The money and date formats every Sunlight text uses, in Simplified Chinese.
 *
 * <p>All methods are pure functions: no locale, default time zone or other ambient state is
 * consulted, so the output is the same on every server. Amounts are always given in fen (分,
 * 1/100 yuan) as {@code long}; they are formatted with integer arithmetic only, never through
 * {@code double}, so even {@link Long#MIN_VALUE} formats exactly.
 *
 * <p>Wall-clock times are shown in {@link #ZONE}, the zone of the residents reading them.
 */
public final class Formats {

    /** The time zone every date and time shown to residents is expressed in. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    // U+00A5, the sign Chinese banking and payment apps print; not the fullwidth U+FFE5.
    private static final String YUAN_SIGN = "\u00A5";

    private static final int FEN_DIGITS = 2;
    private static final int GROUP_SIZE = 3;

    private Formats() {
    }

    /**
     * Formats an amount in fen as yuan with the yuan sign, thousands separators and two decimals.
     *
     * @param fen amount in fen, may be negative
     * @return for example {@code "¥1,234.50"}, {@code "-¥1,234.50"} or {@code "¥0.00"}
     */
    public static String money(long fen) {
        String sign = fen < 0 ? "-" : "";
        return sign + YUAN_SIGN + unsignedYuan(fen);
    }

    /**
     * Formats an amount in fen as yuan with thousands separators and two decimals, without the yuan
     * sign (for table columns whose header already says 元).
     *
     * @param fen amount in fen, may be negative
     * @return for example {@code "1,234.50"} or {@code "-1,234.50"}
     */
    public static String yuan(long fen) {
        String sign = fen < 0 ? "-" : "";
        return sign + unsignedYuan(fen);
    }

    /**
     * Names a calendar quarter.
     *
     * @param year the year, for example 2026
     * @param quarter 1 to 4
     * @return for example {@code "2026年第3季度"}
     * @throws IllegalArgumentException if {@code quarter} is not between 1 and 4
     */
    public static String quarter(int year, int quarter) {
        if (quarter < 1 || quarter > 4) {
            throw new IllegalArgumentException("quarter must be between 1 and 4, got " + quarter);
        }
        return year + "年第" + quarter + "季度";
    }

    /**
     * Names a month.
     *
     * @param month the month
     * @return for example {@code "2026年3月"}
     */
    public static String month(YearMonth month) {
        Objects.requireNonNull(month, "month");
        return month.getYear() + "年" + month.getMonthValue() + "月";
    }

    /**
     * Formats a calendar date.
     *
     * @param date the date
     * @return for example {@code "2026年3月5日"}
     */
    public static String date(LocalDate date) {
        Objects.requireNonNull(date, "date");
        return date.getYear() + "年" + date.getMonthValue() + "月" + date.getDayOfMonth() + "日";
    }

    /**
     * Formats a calendar date followed by its weekday in fullwidth parentheses.
     *
     * @param date the date
     * @return for example {@code "2026年3月5日（周四）"}
     */
    public static String dateWithWeekday(LocalDate date) {
        Objects.requireNonNull(date, "date");
        return date(date) + "（" + weekday(date.getDayOfWeek()) + "）";
    }

    /**
     * Formats an instant as date and 24-hour minute-precision time in {@link #ZONE}.
     *
     * @param instant the instant
     * @return for example {@code "2026年3月5日 14:05"}; seconds are truncated, not rounded
     */
    public static String dateTime(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        LocalDateTime local = LocalDateTime.ofInstant(instant, ZONE);
        return date(local.toLocalDate()) + " " + twoDigits(local.getHour()) + ":" + twoDigits(local.getMinute());
    }

    private static String weekday(DayOfWeek dayOfWeek) {
        return switch (dayOfWeek) {
            case MONDAY -> "周一";
            case TUESDAY -> "周二";
            case WEDNESDAY -> "周三";
            case THURSDAY -> "周四";
            case FRIDAY -> "周五";
            case SATURDAY -> "周六";
            case SUNDAY -> "周日";
        };
    }

    private static String twoDigits(int value) {
        return value < 10 ? "0" + value : Integer.toString(value);
    }

    /** The absolute value of {@code fen} as grouped yuan, e.g. -123456 gives "1,234.56". */
    private static String unsignedYuan(long fen) {
        // Work on the decimal digits rather than Math.abs: Long.MIN_VALUE has no positive
        // long counterpart, and digit strings can neither overflow nor round.
        String digits = Long.toString(fen);
        if (fen < 0) {
            digits = digits.substring(1);
        }
        StringBuilder padded = new StringBuilder(digits);
        while (padded.length() < FEN_DIGITS + 1) {
            padded.insert(0, '0');
        }
        String integerDigits = padded.substring(0, padded.length() - FEN_DIGITS);
        String fenDigits = padded.substring(padded.length() - FEN_DIGITS);

        StringBuilder result = new StringBuilder(integerDigits.length() * 4 / 3 + FEN_DIGITS + 1);
        int firstGroupLength = integerDigits.length() % GROUP_SIZE;
        if (firstGroupLength == 0) {
            firstGroupLength = GROUP_SIZE;
        }
        result.append(integerDigits, 0, firstGroupLength);
        for (int start = firstGroupLength; start < integerDigits.length(); start += GROUP_SIZE) {
            result.append(',').append(integerDigits, start, start + GROUP_SIZE);
        }
        return result.append('.').append(fenDigits).toString();
    }
}
