package org.sunlight.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FormatsTest {

    @Test
    void moneyFormatsZeroAndSingleFen() {
        assertThat(Formats.money(0)).isEqualTo("¥0.00");
        assertThat(Formats.money(1)).isEqualTo("¥0.01");
        assertThat(Formats.money(10)).isEqualTo("¥0.10");
        assertThat(Formats.money(99)).isEqualTo("¥0.99");
        assertThat(Formats.money(100)).isEqualTo("¥1.00");
    }

    @Test
    void moneyGroupsThousands() {
        assertThat(Formats.money(123_450)).isEqualTo("¥1,234.50");
        assertThat(Formats.money(99_999)).isEqualTo("¥999.99");
        assertThat(Formats.money(100_000)).isEqualTo("¥1,000.00");
        assertThat(Formats.money(100_000_000)).isEqualTo("¥1,000,000.00");
        assertThat(Formats.money(99_999_999)).isEqualTo("¥999,999.99");
    }

    @Test
    void moneyPutsTheMinusBeforeTheYuanSign() {
        assertThat(Formats.money(-1)).isEqualTo("-¥0.01");
        assertThat(Formats.money(-123_450)).isEqualTo("-¥1,234.50");
        assertThat(Formats.money(-100_000_000)).isEqualTo("-¥1,000,000.00");
    }

    @Test
    void moneyUsesTheHalfwidthYenSign() {
        assertThat(Formats.money(100).charAt(0)).isEqualTo('\u00A5');
    }

    @Test
    void moneyFormatsTheLongExtremesExactly() {
        assertThat(Formats.money(Long.MAX_VALUE)).isEqualTo("¥92,233,720,368,547,758.07");
        assertThat(Formats.money(Long.MIN_VALUE)).isEqualTo("-¥92,233,720,368,547,758.08");
        assertThat(Formats.yuan(Long.MIN_VALUE)).isEqualTo("-92,233,720,368,547,758.08");
    }

    @Test
    void moneyAgreesWithBigDecimalFormattingForRandomAmounts() {
        DecimalFormat reference = new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.ROOT));
        Random random = new Random(20260305L);
        for (int i = 0; i < 10_000; i++) {
            long fen = switch (i % 3) {
                case 0 -> random.nextLong();
                case 1 -> random.nextInt();
                default -> random.nextInt(2_000_001) - 1_000_000;
            };
            String expected = reference.format(BigDecimal.valueOf(fen, 2).abs());
            assertThat(Formats.yuan(fen)).as("fen %d", fen).isEqualTo((fen < 0 ? "-" : "") + expected);
            assertThat(Formats.money(fen)).as("fen %d", fen).isEqualTo((fen < 0 ? "-¥" : "¥") + expected);
        }
    }

    @Test
    void yuanHasNoCurrencySign() {
        assertThat(Formats.yuan(0)).isEqualTo("0.00");
        assertThat(Formats.yuan(123_450)).isEqualTo("1,234.50");
        assertThat(Formats.yuan(-123_450)).isEqualTo("-1,234.50");
    }

    @Test
    void quarterNamesYearAndQuarter() {
        assertThat(Formats.quarter(2026, 1)).isEqualTo("2026年第1季度");
        assertThat(Formats.quarter(2026, 3)).isEqualTo("2026年第3季度");
        assertThat(Formats.quarter(2026, 4)).isEqualTo("2026年第4季度");
    }

    @Test
    void quarterRejectsNumbersOutsideOneToFour() {
        assertThatThrownBy(() -> Formats.quarter(2026, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0");
        assertThatThrownBy(() -> Formats.quarter(2026, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("5");
    }

    @Test
    void monthAndDateHaveNoLeadingZeros() {
        assertThat(Formats.month(YearMonth.of(2026, 3))).isEqualTo("2026年3月");
        assertThat(Formats.month(YearMonth.of(2026, 12))).isEqualTo("2026年12月");
        assertThat(Formats.date(LocalDate.of(2026, 3, 5))).isEqualTo("2026年3月5日");
        assertThat(Formats.date(LocalDate.of(2026, 11, 30))).isEqualTo("2026年11月30日");
    }

    @Test
    void dateWithWeekdayAppendsTheWeekdayInFullwidthParentheses() {
        assertThat(Formats.dateWithWeekday(LocalDate.of(2026, 3, 5))).isEqualTo("2026年3月5日（周四）");
        assertThat(Formats.dateWithWeekday(LocalDate.of(2026, 3, 8))).isEqualTo("2026年3月8日（周日）");
        assertThat(Formats.dateWithWeekday(LocalDate.of(2026, 3, 9))).isEqualTo("2026年3月9日（周一）");
    }

    @Test
    void dateTimeShowsShanghaiWallClockWithZeroPaddedMinutes() {
        assertThat(Formats.dateTime(Instant.parse("2026-03-05T06:05:00Z"))).isEqualTo("2026年3月5日 14:05");
        assertThat(Formats.dateTime(Instant.parse("2026-03-05T06:05:59.999Z"))).isEqualTo("2026年3月5日 14:05");
    }

    @Test
    void dateTimeCrossesTheUtcDayBoundaryIntoTheNextShanghaiDay() {
        // 16:30 UTC on the 4th is already half past midnight on the 5th in Shanghai (UTC+8).
        assertThat(Formats.dateTime(Instant.parse("2026-03-04T16:30:00Z"))).isEqualTo("2026年3月5日 00:30");
        assertThat(Formats.dateTime(Instant.parse("2026-03-04T15:59:00Z"))).isEqualTo("2026年3月4日 23:59");
        assertThat(Formats.dateTime(Instant.parse("2026-12-31T16:00:00Z"))).isEqualTo("2027年1月1日 00:00");
    }

    @Test
    void zoneIsShanghai() {
        assertThat(Formats.ZONE.getId()).isEqualTo("Asia/Shanghai");
    }

    @Test
    void formatsHasNoMutableStaticState() {
        Field[] staticFields = Arrays.stream(Formats.class.getDeclaredFields())
                .filter(field -> Modifier.isStatic(field.getModifiers()))
                .toArray(Field[]::new);
        assertThat(staticFields).allSatisfy(field -> {
            assertThat(Modifier.isFinal(field.getModifiers())).as(field.getName()).isTrue();
            assertThat(field.getType().isArray()).as(field.getName()).isFalse();
        });
    }
}
