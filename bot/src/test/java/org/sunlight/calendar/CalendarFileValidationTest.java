package org.sunlight.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Broken override files, each differing from a valid one in a single line. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CalendarFileValidationTest {

    private static final List<String> VALID_2027 = List.of(
            "# 2027年 测试数据",
            "year: 2027",
            "holidays:",
            "  - {name: 元旦, from: 2027-01-01, to: 2027-01-01}",
            "  - {name: 春节, from: 2027-02-06, to: 2027-02-12}",
            "makeupWorkdays: [2027-02-20]");

    /**
     * @param lineToChange    1-based line of {@link #VALID_2027} to replace, or to drop when
     *                        {@code replacement} is null
     * @param expectedLine    the line the error must point at
     * @param expectedProblem a fragment the message must contain
     */
    record BrokenFile(String description, int lineToChange, String replacement, int expectedLine, String expectedProblem) {
        @Override
        public String toString() {
            return description;
        }
    }

    static Stream<BrokenFile> brokenFiles() {
        return Stream.of(
                new BrokenFile("a date that does not exist", 5,
                        "  - {name: 春节, from: 2027-02-30, to: 2027-03-05}", 5, "日期「2027-02-30」无效"),
                new BrokenFile("a date not written as YYYY-MM-DD", 4,
                        "  - {name: 元旦, from: 2027-1-1, to: 2027-01-01}", 4, "日期「2027-1-1」无效"),
                new BrokenFile("a make-up workday on a weekday", 6,
                        "makeupWorkdays: [2027-02-15]", 6, "2027-02-15 是周一，只能是周六或周日"),
                new BrokenFile("a make-up workday that is also a holiday", 6,
                        "makeupWorkdays: [2027-02-06]", 6, "同时是「春节」的假日"),
                new BrokenFile("a make-up workday listed twice", 6,
                        "makeupWorkdays: [2027-02-20, 2027-02-20]", 6, "重复出现"),
                new BrokenFile("make-up workdays not written as a list", 6,
                        "makeupWorkdays: 2027-02-20", 6, "makeupWorkdays 应为列表"),
                new BrokenFile("an unknown top-level key", 6,
                        "makeUpWorkdays: [2027-02-20]", 6, "未知的键「makeUpWorkdays」"),
                new BrokenFile("an unknown key in a holiday", 4,
                        "  - {name: 元旦, from: 2027-01-01, to: 2027-01-01, days: 1}", 4, "未知的键「days」"),
                new BrokenFile("a holiday whose first day is after its last day", 5,
                        "  - {name: 春节, from: 2027-02-12, to: 2027-02-06}", 5, "首日 from 2027-02-12 晚于末日 to 2027-02-06"),
                new BrokenFile("a date in the previous year", 4,
                        "  - {name: 元旦, from: 2026-12-31, to: 2027-01-01}", 4, "日期 2026-12-31 不在 2027 年内"),
                new BrokenFile("a year that does not match the file name", 2,
                        "year: 2028", 2, "year: 2028 与文件名不符"),
                new BrokenFile("overlapping holidays", 5,
                        "  - {name: 春节, from: 2027-01-01, to: 2027-01-03}", 5, "与「元旦」在 2027-01-01 重叠"),
                new BrokenFile("a holiday without a name", 4,
                        "  - {name: '', from: 2027-01-01, to: 2027-01-01}", 4, "name 不能为空"),
                new BrokenFile("a key given twice", 6,
                        "holidays: []", 6, "键「holidays」重复出现"),
                new BrokenFile("a missing key", 6,
                        null, 2, "缺少键「makeupWorkdays」"),
                new BrokenFile("broken YAML syntax", 4,
                        "  - {name: 元旦, from: 2027-01-01, to: 2027-01-01", 5, "不是合法的 YAML"));
    }

    @TempDir
    Path overrideDir;

    @Test
    void the_valid_file_used_below_loads() throws IOException {
        write(VALID_2027);

        assertThat(WorkingCalendar.load(overrideDir).holidayName(LocalDate.of(2027, 2, 6))).contains("春节");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFiles")
    void a_broken_file_fails_loading_with_the_file_the_line_and_the_problem(BrokenFile broken) throws IOException {
        List<String> lines = new ArrayList<>(VALID_2027);
        if (broken.replacement() == null) {
            lines.remove(broken.lineToChange() - 1);
        } else {
            lines.set(broken.lineToChange() - 1, broken.replacement());
        }
        Path file = write(lines);

        assertThatExceptionOfType(CalendarFileException.class)
                .isThrownBy(() -> WorkingCalendar.load(overrideDir))
                .withMessageStartingWith(file + " 第" + broken.expectedLine() + "行：")
                .withMessageContaining(broken.expectedProblem())
                .satisfies(e -> {
                    assertThat(e.file()).isEqualTo(file.toString());
                    assertThat(e.line()).hasValue(broken.expectedLine());
                });
    }

    @Test
    void an_empty_file_is_rejected() throws IOException {
        Path file = write(List.of("# 还没填"));

        assertThatExceptionOfType(CalendarFileException.class)
                .isThrownBy(() -> WorkingCalendar.load(overrideDir))
                .withMessageContaining(file.toString())
                .withMessageContaining("文件是空的");
    }

    @Test
    void a_file_saved_as_gbk_is_rejected_rather_than_read_with_garbled_names() throws IOException {
        Path file = overrideDir.resolve("2027.yml");
        Files.write(file, String.join("\n", VALID_2027).getBytes(Charset.forName("GBK")));

        assertThatExceptionOfType(CalendarFileException.class)
                .isThrownBy(() -> WorkingCalendar.load(overrideDir))
                .withMessageContaining(file.toString())
                .withMessageContaining("UTF-8");
    }

    @Test
    void a_byte_order_mark_written_by_windows_editors_is_accepted() throws IOException {
        Files.writeString(overrideDir.resolve("2027.yml"), "\uFEFF" + String.join("\n", VALID_2027), StandardCharsets.UTF_8);

        assertThat(WorkingCalendar.load(overrideDir).coveredYears()).contains(2027);
    }

    private Path write(List<String> lines) throws IOException {
        return Files.write(overrideDir.resolve("2027.yml"), lines, StandardCharsets.UTF_8);
    }
}
