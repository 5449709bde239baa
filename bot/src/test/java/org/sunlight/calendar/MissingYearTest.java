package org.sunlight.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.stream.IntStream;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class MissingYearTest {

    private static final String MISSING_2027 = "缺少2027年节假日数据，按周一至周五计算工作日，请补充 calendar/2027.yml";

    private final WorkingCalendar calendar = WorkingCalendar.load(null);

    @Test
    void a_year_without_data_falls_back_to_monday_to_friday_and_is_recorded() {
        // 1 January 2027 is in fact New Year's Day, but without data the calendar cannot know.
        assertThat(calendar.isWorkingDay(LocalDate.of(2027, 1, 1))).isTrue();
        assertThat(calendar.isWorkingDay(LocalDate.of(2027, 1, 2))).isFalse();
        assertThat(calendar.holidayName(LocalDate.of(2027, 10, 1))).isEmpty();

        assertThat(calendar.coveredYears()).doesNotContain(2027);
        assertThat(calendar.missingYearsSeen()).containsExactly(2027);
        assertThat(calendar.warnings(LocalDate.of(2026, 6, 1))).containsExactly(MISSING_2027);
    }

    @Test
    void a_deadline_running_into_a_year_without_data_is_computed_and_flagged() {
        // Thu 31 Dec 2026, then Fri 1 and Mon 4 January 2027 by the weekday fallback.
        assertThat(calendar.addWorkingDays(LocalDate.of(2026, 12, 30), 3)).isEqualTo(LocalDate.of(2027, 1, 4));
        assertThat(calendar.missingYearsSeen()).containsExactly(2027);
    }

    @Test
    void nothing_is_missing_and_nothing_is_warned_while_only_covered_years_are_used() {
        calendar.addWorkingDays(LocalDate.of(2026, 6, 1), 20);

        assertThat(calendar.missingYearsSeen()).isEmpty();
        assertThat(calendar.warnings(LocalDate.of(2026, 6, 1))).isEmpty();
        assertThat(calendar.warnings(LocalDate.of(2026, 10, 31))).isEmpty();
    }

    @Test
    void from_november_next_year_without_data_is_warned_about_before_anyone_queries_it() {
        assertThat(calendar.warnings(LocalDate.of(2026, 11, 1)))
                .singleElement()
                .asString()
                .contains("2027年节假日数据", "calendar/2027.yml", "按周一至周五计算工作日");
        assertThat(calendar.warnings(LocalDate.of(2026, 12, 20))).hasSize(1);
        assertThat(calendar.warnings(LocalDate.of(2025, 12, 20))).as("2026 is covered").isEmpty();
    }

    @Test
    void next_year_is_warned_about_once_even_when_it_was_also_queried() {
        calendar.isWorkingDay(LocalDate.of(2027, 1, 4));

        assertThat(calendar.warnings(LocalDate.of(2026, 12, 20))).containsExactly(MISSING_2027);
    }

    @Test
    void the_current_year_without_data_is_warned_about_even_if_nobody_queried_it() {
        assertThat(calendar.warnings(LocalDate.of(2027, 3, 1))).containsExactly(MISSING_2027);
    }

    @Test
    void every_missing_year_gets_its_own_warning_in_year_order() {
        calendar.isWorkingDay(LocalDate.of(2031, 5, 5));
        calendar.isWorkingDay(LocalDate.of(2024, 5, 5));

        assertThat(calendar.missingYearsSeen()).containsExactly(2024, 2031);
        assertThat(calendar.warnings(LocalDate.of(2026, 6, 1))).containsExactly(
                "缺少2024年节假日数据，按周一至周五计算工作日，请补充 calendar/2024.yml",
                "缺少2031年节假日数据，按周一至周五计算工作日，请补充 calendar/2031.yml");
    }

    @Test
    void missing_years_queried_from_many_threads_at_once_are_all_recorded() {
        IntStream.range(2030, 2130).parallel().forEach(year -> calendar.isWorkingDay(LocalDate.of(year, 1, 1)));

        assertThat(calendar.missingYearsSeen()).hasSize(100).contains(2030, 2129);
    }
}
