package org.sunlight.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.sunlight.calendar.WorkingCalendar;
import org.sunlight.ledger.LedgerKind;
import org.sunlight.ledger.Period;

class DueDatesAndTextLimitsTest {

    private final DueDates dueDates = new DueDates(WorkingCalendar.load(null));

    @Test
    void publicRevenueIsDueOnTheLastDayOfTheNextQuartersFirstMonth() {
        assertThat(dueDates.due(LedgerKind.PUBLIC_REVENUE, Period.quarter(2026, 1), 10))
                .isEqualTo(LocalDate.of(2026, 4, 30));
        assertThat(dueDates.due(LedgerKind.PUBLIC_REVENUE, Period.quarter(2026, 3), 10))
                .isEqualTo(LocalDate.of(2026, 10, 31));
        assertThat(dueDates.due(LedgerKind.PUBLIC_REVENUE, Period.quarter(2025, 4), 10))
                .isEqualTo(LocalDate.of(2026, 1, 31));
    }

    @Test
    void utilityIsDueOnTheNthWorkingDayOfTheNextMonthCountingHolidaysAndMakeUpDays() {
        // February 2026: working days 2–6 and 9–13 Feb, so the 10th is Fri 13 Feb (before the Spring Festival).
        assertThat(dueDates.due(LedgerKind.UTILITY, Period.month(YearMonth.of(2026, 1)), 10))
                .isEqualTo(LocalDate.of(2026, 2, 13));
        // May 2026: 1–5 May holiday, Sat 9 May make-up: the 3rd working day is Fri 8 May.
        assertThat(dueDates.due(LedgerKind.UTILITY, Period.month(YearMonth.of(2026, 4)), 3))
                .isEqualTo(LocalDate.of(2026, 5, 8));
    }

    @Test
    void aWithdrawalIsDueWithinNWorkingDays() {
        // Thu 30 April 2026 + 5 working days skips the 1–5 May holiday and counts Sat 9 May.
        assertThat(dueDates.withdrawalDue(LocalDate.of(2026, 4, 30), 5)).isEqualTo(LocalDate.of(2026, 5, 11));
    }

    @Test
    void periodsParseInBothForms() {
        assertThat(Period.parse(LedgerKind.PUBLIC_REVENUE, "2026年第1季度")).contains(Period.quarter(2026, 1));
        assertThat(Period.parse(LedgerKind.UTILITY, "2026年3月")).contains(Period.month(YearMonth.of(2026, 3)));
        assertThat(Period.parse(LedgerKind.UTILITY, "2026-13")).isEmpty();
        assertThat(Period.quarter(2026, 1).previous().code()).isEqualTo("2025Q4");
    }

    @Test
    void aLongTextIsSplitAtLineEndsUnderTheChannelLimitAndNumbered() {
        StringBuilder text = new StringBuilder("【公共收益公示】锦绣花园 2026年第1季度\n");
        for (int i = 1; i <= 120; i++) {
            text.append("#").append(i).append(" 2026-01-31 收入·停车 ¥4,500.00 临时停车费\n");
        }
        List<String> parts = TextLimits.split(text.toString().strip(), TextLimits.bytesFor("wecom-robot"));

        assertThat(parts.size()).isGreaterThan(2);
        assertThat(parts).allSatisfy(part -> assertThat(part.getBytes(StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(2048));
        assertThat(parts.get(0)).startsWith("（1/" + parts.size() + "）【公共收益公示】");
        assertThat(String.join("\n", parts)).contains("#120 2026-01-31");
        assertThat(TextLimits.split("短消息", 2048)).containsExactly("短消息");
    }
}
