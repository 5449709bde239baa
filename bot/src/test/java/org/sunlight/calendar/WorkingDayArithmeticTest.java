package org.sunlight.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class WorkingDayArithmeticTest {

    private static final LocalDate FRIDAY_BEFORE_SPRING_FESTIVAL_2026 = LocalDate.of(2026, 2, 13);

    private final WorkingCalendar calendar = WorkingCalendar.load(null);

    @Test
    void the_working_days_after_friday_13_february_2026_are_the_makeup_saturday_then_24_and_25_february() {
        // Sat 14 Feb is a make-up workday, 15–23 Feb is the Spring Festival.
        assertThat(calendar.addWorkingDays(FRIDAY_BEFORE_SPRING_FESTIVAL_2026, 1)).isEqualTo(LocalDate.of(2026, 2, 14));
        assertThat(calendar.addWorkingDays(FRIDAY_BEFORE_SPRING_FESTIVAL_2026, 2)).isEqualTo(LocalDate.of(2026, 2, 24));
        assertThat(calendar.addWorkingDays(FRIDAY_BEFORE_SPRING_FESTIVAL_2026, 3)).isEqualTo(LocalDate.of(2026, 2, 25));
    }

    @Test
    void the_makeup_saturday_28_february_2026_counts_as_a_working_day() {
        assertThat(calendar.addWorkingDays(LocalDate.of(2026, 2, 27), 1)).isEqualTo(LocalDate.of(2026, 2, 28));
        assertThat(calendar.addWorkingDays(LocalDate.of(2026, 2, 27), 2)).isEqualTo(LocalDate.of(2026, 3, 2));
        // 24, 25, 26, 27 and the make-up Saturday 28; 23 is still a holiday.
        assertThat(calendar.workingDaysBetween(LocalDate.of(2026, 2, 22), LocalDate.of(2026, 2, 28))).isEqualTo(5);
    }

    @Test
    void zero_working_days_is_the_start_itself_when_it_is_a_working_day_else_the_next_one() {
        assertThat(calendar.addWorkingDays(FRIDAY_BEFORE_SPRING_FESTIVAL_2026, 0)).isEqualTo(FRIDAY_BEFORE_SPRING_FESTIVAL_2026);
        assertThat(calendar.addWorkingDays(LocalDate.of(2026, 2, 15), 0)).isEqualTo(LocalDate.of(2026, 2, 24));
        assertThat(calendar.addWorkingDays(LocalDate.of(2026, 2, 14), 0)).isEqualTo(LocalDate.of(2026, 2, 14));
    }

    @Test
    void the_first_working_day_after_the_2025_national_day_holiday_is_thursday_9_october() {
        assertThat(calendar.addWorkingDays(LocalDate.of(2025, 9, 30), 1)).isEqualTo(LocalDate.of(2025, 10, 9));
        assertThat(calendar.nthWorkingDayOfMonth(YearMonth.of(2025, 10), 1)).isEqualTo(LocalDate.of(2025, 10, 9));
    }

    @Test
    void the_tenth_working_day_of_january_2026_counts_the_makeup_sunday_4_january() {
        // 4 (make-up Sunday), 5–9, 12–15: the 10th is Thursday 15 January.
        assertThat(calendar.nthWorkingDayOfMonth(YearMonth.of(2026, 1), 1)).isEqualTo(LocalDate.of(2026, 1, 4));
        assertThat(calendar.nthWorkingDayOfMonth(YearMonth.of(2026, 1), 10)).isEqualTo(LocalDate.of(2026, 1, 15));
    }

    @Test
    void the_working_days_of_february_2026_skip_the_spring_festival() {
        assertThat(calendar.nthWorkingDayOfMonth(YearMonth.of(2026, 2), 10)).isEqualTo(LocalDate.of(2026, 2, 13));
        assertThat(calendar.nthWorkingDayOfMonth(YearMonth.of(2026, 2), 11)).isEqualTo(LocalDate.of(2026, 2, 14));
        assertThat(calendar.nthWorkingDayOfMonth(YearMonth.of(2026, 2), 12)).isEqualTo(LocalDate.of(2026, 2, 24));
        assertThat(calendar.nthWorkingDayOfMonth(YearMonth.of(2026, 2), 16)).isEqualTo(LocalDate.of(2026, 2, 28));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> calendar.nthWorkingDayOfMonth(YearMonth.of(2026, 2), 17))
                .withMessageContaining("16 working days");
    }

    @Test
    void working_days_between_counts_the_end_but_not_the_start_and_undoes_add_working_days() {
        LocalDate start = LocalDate.of(2025, 9, 26);
        for (int n = 0; n <= 30; n++) {
            assertThat(calendar.workingDaysBetween(start, calendar.addWorkingDays(start, n))).isEqualTo(n);
        }
        assertThat(calendar.workingDaysBetween(start, start)).isZero();
        assertThat(calendar.workingDaysBetween(LocalDate.of(2026, 2, 24), LocalDate.of(2026, 2, 13))).isEqualTo(-2);
    }

    @Test
    void negative_or_zero_counts_where_a_count_from_one_is_expected_are_rejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> calendar.addWorkingDays(LocalDate.of(2026, 3, 2), -1));
        assertThatIllegalArgumentException().isThrownBy(() -> calendar.nthWorkingDayOfMonth(YearMonth.of(2026, 3), 0));
        assertThatIllegalArgumentException().isThrownBy(() -> calendar.deadlineAfter(Instant.EPOCH, -1));
    }

    @Test
    void the_zone_is_beijing_time() {
        assertThat(WorkingCalendar.ZONE).isEqualTo(ZoneId.of("Asia/Shanghai"));
    }

    @Test
    void a_deadline_counts_from_the_shanghai_day_of_receipt_not_the_utc_day() {
        // Both instants fall on 12 February in UTC (the JVM zone in tests), but the first is
        // Thursday 23:59:59 and the second Friday 00:00 in Shanghai.
        Instant thursdayLateEvening = Instant.parse("2026-02-12T15:59:59Z");
        Instant fridayMidnight = Instant.parse("2026-02-12T16:00:00Z");

        // Thursday + 3: Fri 13, make-up Sat 14, Tue 24 → due by the end of 24 February, Beijing time.
        assertThat(calendar.deadlineAfter(thursdayLateEvening, 3)).isEqualTo(Instant.parse("2026-02-24T16:00:00Z"));
        // Friday + 3: Sat 14, Tue 24, Wed 25 → due by the end of 25 February, Beijing time.
        assertThat(calendar.deadlineAfter(fridayMidnight, 3)).isEqualTo(Instant.parse("2026-02-25T16:00:00Z"));
    }

    @Test
    void a_deadline_is_midnight_beijing_time_after_the_due_day_so_the_whole_due_day_is_in_time() {
        Instant receivedOnMakeupSaturday = Instant.parse("2026-02-14T02:00:00Z");
        Instant deadline = calendar.deadlineAfter(receivedOnMakeupSaturday, 1);

        assertThat(deadline).isEqualTo(LocalDate.of(2026, 2, 25).atStartOfDay(WorkingCalendar.ZONE).toInstant());
        assertThat(Instant.parse("2026-02-24T15:59:59Z")).isBefore(deadline);
    }

    @Test
    void a_deadline_of_zero_working_days_is_the_end_of_the_day_of_receipt_when_that_is_a_working_day() {
        assertThat(calendar.deadlineAfter(Instant.parse("2026-03-02T03:00:00Z"), 0))
                .isEqualTo(Instant.parse("2026-03-02T16:00:00Z"));
    }
}
