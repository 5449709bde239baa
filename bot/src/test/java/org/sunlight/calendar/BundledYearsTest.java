package org.sunlight.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class BundledYearsTest {

    record Holiday(String name, LocalDate from, LocalDate to) {
    }

    // Transcribed from domain.md by hand, independently of the YAML files, so that a typo in
    // either one makes the comparison fail.
    static final List<Holiday> HOLIDAYS = List.of(
            new Holiday("元旦", LocalDate.of(2025, 1, 1), LocalDate.of(2025, 1, 1)),
            new Holiday("春节", LocalDate.of(2025, 1, 28), LocalDate.of(2025, 2, 4)),
            new Holiday("清明节", LocalDate.of(2025, 4, 4), LocalDate.of(2025, 4, 6)),
            new Holiday("劳动节", LocalDate.of(2025, 5, 1), LocalDate.of(2025, 5, 5)),
            new Holiday("端午节", LocalDate.of(2025, 5, 31), LocalDate.of(2025, 6, 2)),
            new Holiday("国庆节、中秋节", LocalDate.of(2025, 10, 1), LocalDate.of(2025, 10, 8)),
            new Holiday("元旦", LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 3)),
            new Holiday("春节", LocalDate.of(2026, 2, 15), LocalDate.of(2026, 2, 23)),
            new Holiday("清明节", LocalDate.of(2026, 4, 4), LocalDate.of(2026, 4, 6)),
            new Holiday("劳动节", LocalDate.of(2026, 5, 1), LocalDate.of(2026, 5, 5)),
            new Holiday("端午节", LocalDate.of(2026, 6, 19), LocalDate.of(2026, 6, 21)),
            new Holiday("中秋节", LocalDate.of(2026, 9, 25), LocalDate.of(2026, 9, 27)),
            new Holiday("国庆节", LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 7)));

    static final List<LocalDate> MAKEUP_WORKDAYS = List.of(
            LocalDate.of(2025, 1, 26),
            LocalDate.of(2025, 2, 8),
            LocalDate.of(2025, 4, 27),
            LocalDate.of(2025, 9, 28),
            LocalDate.of(2025, 10, 11),
            LocalDate.of(2026, 1, 4),
            LocalDate.of(2026, 2, 14),
            LocalDate.of(2026, 2, 28),
            LocalDate.of(2026, 5, 9),
            LocalDate.of(2026, 9, 20),
            LocalDate.of(2026, 10, 10));

    private final WorkingCalendar calendar = WorkingCalendar.load(null);

    static Stream<Holiday> holidays() {
        return HOLIDAYS.stream();
    }

    static Stream<LocalDate> makeupWorkdays() {
        return MAKEUP_WORKDAYS.stream();
    }

    @Test
    void every_day_of_2025_and_2026_follows_the_state_council_notice() {
        List<String> mismatches = new ArrayList<>();
        for (LocalDate day = LocalDate.of(2025, 1, 1); day.getYear() <= 2026; day = day.plusDays(1)) {
            boolean expected = !isHoliday(day) && (MAKEUP_WORKDAYS.contains(day) || !isWeekend(day));
            if (calendar.isWorkingDay(day) != expected) {
                mismatches.add(day + " " + day.getDayOfWeek() + " expected working=" + expected);
            }
        }
        assertThat(mismatches).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("holidays")
    void each_holiday_is_off_from_its_first_to_its_last_day_under_its_name(Holiday holiday) {
        LocalDate middle = holiday.from().plusDays((holiday.to().toEpochDay() - holiday.from().toEpochDay()) / 2);
        for (LocalDate day : List.of(holiday.from(), middle, holiday.to())) {
            assertThat(calendar.isWorkingDay(day)).as("%s is a working day", day).isFalse();
            assertThat(calendar.holidayName(day)).as("holiday name of %s", day).contains(holiday.name());
        }
        assertThat(calendar.holidayName(holiday.from().minusDays(1))).isNotEqualTo(calendar.holidayName(holiday.from()));
        assertThat(calendar.holidayName(holiday.to().plusDays(1))).isNotEqualTo(calendar.holidayName(holiday.to()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("makeupWorkdays")
    void each_makeup_workday_is_a_weekend_day_that_is_worked(LocalDate day) {
        assertThat(isWeekend(day)).as("%s is %s", day, day.getDayOfWeek()).isTrue();
        assertThat(calendar.isWorkingDay(day)).isTrue();
        assertThat(calendar.holidayName(day)).isEmpty();
    }

    @Test
    void both_years_have_248_working_days() {
        // 261 weekdays each; 2025: 18 holiday weekdays and 5 make-up days, 2026: 19 and 6.
        assertThat(calendar.workingDaysBetween(LocalDate.of(2024, 12, 31), LocalDate.of(2025, 12, 31))).isEqualTo(248);
        assertThat(calendar.workingDaysBetween(LocalDate.of(2025, 12, 31), LocalDate.of(2026, 12, 31))).isEqualTo(248);
    }

    @Test
    void an_ordinary_weekend_is_off_but_has_no_holiday_name() {
        LocalDate saturday = LocalDate.of(2026, 3, 7);
        assertThat(calendar.isWorkingDay(saturday)).isFalse();
        assertThat(calendar.holidayName(saturday)).isEmpty();
        assertThat(calendar.isWorkingDay(LocalDate.of(2026, 3, 9))).isTrue();
    }

    @Test
    void the_bundled_years_are_covered_and_querying_them_records_nothing_missing() {
        calendar.isWorkingDay(LocalDate.of(2025, 6, 1));
        calendar.isWorkingDay(LocalDate.of(2026, 6, 1));

        assertThat(calendar.coveredYears()).containsExactly(2025, 2026);
        assertThat(calendar.missingYearsSeen()).isEmpty();
        assertThat(calendar.warnings(LocalDate.of(2026, 6, 1))).isEmpty();
    }

    @Test
    void every_year_file_in_the_resources_is_registered_as_bundled() throws IOException, URISyntaxException {
        // Classes are in a directory during tests, so the resource folder can be listed here even
        // though it cannot be listed from inside a jar in production.
        URL anyBundledFile = getClass().getClassLoader().getResource(WorkingCalendar.RESOURCE_FOLDER + "2025.yml");
        assertThat(anyBundledFile).isNotNull();
        Set<Integer> yearsOnDisk = new TreeSet<>();
        try (Stream<Path> files = Files.list(Path.of(anyBundledFile.toURI()).getParent())) {
            files.map(file -> file.getFileName().toString())
                    .filter(name -> name.matches("\\d{4}\\.yml"))
                    .forEach(name -> yearsOnDisk.add(Integer.parseInt(name.substring(0, 4))));
        }
        assertThat(WorkingCalendar.BUNDLED_YEARS).containsExactlyInAnyOrderElementsOf(yearsOnDisk);
    }

    private static boolean isHoliday(LocalDate day) {
        return HOLIDAYS.stream().anyMatch(holiday -> !day.isBefore(holiday.from()) && !day.isAfter(holiday.to()));
    }

    private static boolean isWeekend(LocalDate day) {
        return day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
    }
}
