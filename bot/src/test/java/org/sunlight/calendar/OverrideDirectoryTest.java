package org.sunlight.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class OverrideDirectoryTest {

    // Deliberately different from the real 2026 so the replacement is observable.
    private static final String CORRECTED_2026 = """
            year: 2026
            holidays:
              - {name: 元旦, from: 2026-01-01, to: 2026-01-03}
              - {name: 测试假日, from: 2026-03-02, to: 2026-03-03}
            makeupWorkdays: []
            """;

    // Test data in the shape of a future notice, not the real 2027 arrangement.
    private static final String YEAR_2027 = """
            # 2027年 测试数据
            year: 2027
            holidays:
              - {name: 元旦, from: 2027-01-01, to: 2027-01-01}
              - name: 春节
                from: 2027-02-06
                to: 2027-02-12
            makeupWorkdays:
              - 2027-02-20
            """;

    @TempDir
    Path overrideDir;

    @Test
    void an_override_replaces_a_bundled_year_as_a_whole_and_adds_a_new_year() throws IOException {
        write("2026.yml", CORRECTED_2026);
        write("2027.yml", YEAR_2027);
        write("README.txt", "放节假日文件的目录");

        WorkingCalendar calendar = WorkingCalendar.load(overrideDir);

        assertThat(calendar.coveredYears()).containsExactly(2025, 2026, 2027);
        assertThat(calendar.holidayName(LocalDate.of(2026, 3, 2))).contains("测试假日");
        assertThat(calendar.isWorkingDay(LocalDate.of(2026, 2, 16))).as("bundled Spring Festival is gone").isTrue();
        assertThat(calendar.isWorkingDay(LocalDate.of(2026, 2, 14))).as("bundled make-up day is gone").isFalse();
        assertThat(calendar.holidayName(LocalDate.of(2025, 1, 28))).as("2025 still bundled").contains("春节");

        assertThat(calendar.holidayName(LocalDate.of(2027, 2, 8))).contains("春节");
        assertThat(calendar.isWorkingDay(LocalDate.of(2027, 2, 20))).isTrue();
        assertThat(calendar.missingYearsSeen()).isEmpty();
        assertThat(calendar.warnings(LocalDate.of(2026, 12, 1))).isEmpty();
    }

    @Test
    void a_directory_that_does_not_exist_means_bundled_years_only() {
        WorkingCalendar calendar = WorkingCalendar.load(overrideDir.resolve("not-created"));

        assertThat(calendar.coveredYears()).containsExactly(2025, 2026);
        assertThat(calendar.holidayName(LocalDate.of(2026, 2, 16))).contains("春节");
    }

    @Test
    void an_empty_directory_means_bundled_years_only() {
        assertThat(WorkingCalendar.load(overrideDir).coveredYears()).containsExactly(2025, 2026);
    }

    @Test
    void a_path_that_is_a_file_rather_than_a_directory_is_rejected() throws IOException {
        Path file = write("calendar.txt", "");

        assertThatExceptionOfType(CalendarFileException.class)
                .isThrownBy(() -> WorkingCalendar.load(file))
                .withMessageContaining(file.toString())
                .withMessageContaining("不是目录");
    }

    @Test
    void a_yaml_file_not_named_after_its_year_is_rejected_instead_of_silently_ignored() throws IOException {
        Path misnamed = write("2027.yaml", YEAR_2027);

        assertThatExceptionOfType(CalendarFileException.class)
                .isThrownBy(() -> WorkingCalendar.load(overrideDir))
                .withMessageContaining(misnamed.toString())
                .withMessageContaining("2027.yml");
    }

    @Test
    void hidden_editor_files_are_ignored() throws IOException {
        write(".2027.yml.swp", "not yaml at all: [");
        write(".#2027.yml", "not yaml at all: [");

        assertThat(WorkingCalendar.load(overrideDir).coveredYears()).containsExactly(2025, 2026);
    }

    private Path write(String fileName, String content) throws IOException {
        return Files.writeString(overrideDir.resolve(fileName), content, StandardCharsets.UTF_8);
    }
}
