package org.sunlight.calendar;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * China's working-day calendar: Monday to Friday, minus statutory holidays, plus make-up
 * workdays (调休上班) that fall on a Saturday or Sunday.
 *
 * <p>Holidays and make-up workdays change every year by State Council notice, so they are data:
 * one {@code YYYY.yml} per year, bundled under {@code calendar/} on the classpath and optionally
 * added to or replaced from a deployer's directory (see {@link #load(Path)}). The format is
 * described at the top of every bundled file:
 * <pre>{@code
 * year: 2026
 * holidays:
 *   - {name: 元旦, from: 2026-01-01, to: 2026-01-03}
 * makeupWorkdays: [2026-01-04, 2026-02-14]
 * }</pre>
 *
 * <p>A year without data is not an error, because deadlines may legitimately reach into a year
 * whose notice is not out yet; such dates fall back to Monday–Friday. It must not go unnoticed
 * either: every such year is recorded in {@link #missingYearsSeen()} and reported by
 * {@link #warnings(LocalDate)}.
 *
 * <p>Instances are immutable apart from the record of missing years, which is concurrent, so one
 * instance can be shared by all threads.
 */
public final class WorkingCalendar {

    /** The zone in which a day is a day for Sunlight: all deadlines are Beijing time. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    /**
     * Years shipped in {@code src/main/resources/calendar/}. A classpath folder cannot be listed
     * portably inside a jar, hence the list; a test checks it matches the files.
     */
    static final List<Integer> BUNDLED_YEARS = List.of(2025, 2026);

    static final String RESOURCE_FOLDER = "calendar/";

    private static final Logger LOG = LoggerFactory.getLogger(WorkingCalendar.class);
    private static final Pattern YEAR_FILE_NAME = Pattern.compile("(\\d{4})\\.yml");
    private static final String MISSING_YEAR_WARNING =
            "缺少%d年节假日数据，按周一至周五计算工作日，请补充 calendar/%d.yml";
    private static final String UPCOMING_YEAR_WARNING =
            "尚未配置%d年节假日数据（国务院通常在11月前后公布），公布后请补充 calendar/%d.yml，"
                    + "否则%d年将按周一至周五计算工作日";

    private final Map<Integer, YearCalendar> yearsByNumber;
    private final Set<Integer> missingYears = ConcurrentHashMap.newKeySet();

    private WorkingCalendar(Map<Integer, YearCalendar> yearsByNumber) {
        this.yearsByNumber = Map.copyOf(yearsByNumber);
    }

    /**
     * Loads the bundled years, then every {@code YYYY.yml} in {@code overrideDirOrNull}; a year in
     * that directory replaces the bundled year as a whole (no merging), so a deployer can add next
     * year or correct a year without rebuilding.
     *
     * <p>Call it once at start-up. Any broken file, bundled or not, throws
     * {@link CalendarFileException} naming the file and line: failing fast is deliberate, because
     * running with a half-read calendar would silently shift every deadline. Hidden files and
     * files that are not YAML (a README, say) in the directory are ignored; a {@code .yml} or
     * {@code .yaml} file not named {@code YYYY.yml} is rejected, since it is most likely a
     * misnamed year that would otherwise never be read.
     *
     * @param overrideDirOrNull the deployer's calendar directory; {@code null} or a directory that
     *                          does not exist means bundled years only
     * @throws CalendarFileException if a file is unreadable or invalid, or the path is not a directory
     */
    public static WorkingCalendar load(Path overrideDirOrNull) {
        Map<Integer, YearCalendar> years = new TreeMap<>();
        for (int year : BUNDLED_YEARS) {
            years.put(year, loadBundled(year));
        }
        if (overrideDirOrNull != null) {
            for (YearCalendar override : loadOverrides(overrideDirOrNull)) {
                YearCalendar bundled = years.put(override.year(), override);
                LOG.info("节假日数据 {} 年取自 {}{}", override.year(), override.source(),
                        bundled == null ? "" : "（取代内置数据）");
            }
        }
        return new WorkingCalendar(years);
    }

    private static YearCalendar loadBundled(int year) {
        String resource = RESOURCE_FOLDER + year + ".yml";
        String source = "classpath:" + resource;
        try (InputStream in = WorkingCalendar.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("bundled calendar resource missing: " + resource);
            }
            return CalendarFileParser.parse(source, year, decodeUtf8(in.readAllBytes(), source));
        } catch (IOException e) {
            throw new CalendarFileException(source, CalendarFileException.NO_LINE, "无法读取：" + e, e);
        }
    }

    private static List<YearCalendar> loadOverrides(Path directory) {
        Path absolute = directory.toAbsolutePath();
        if (!Files.exists(absolute)) {
            LOG.info("节假日目录 {} 不存在，只使用内置数据", absolute);
            return List.of();
        }
        if (!Files.isDirectory(absolute)) {
            throw new CalendarFileException(absolute.toString(), CalendarFileException.NO_LINE,
                    "应为存放 YYYY.yml 的目录，实际不是目录");
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(absolute)) {
            files = listing.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new CalendarFileException(absolute.toString(), CalendarFileException.NO_LINE,
                    "无法列出目录：" + e, e);
        }
        List<YearCalendar> years = new ArrayList<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (name.startsWith(".")) {
                continue; // editor swap and lock files
            }
            Matcher yearFile = YEAR_FILE_NAME.matcher(name);
            if (yearFile.matches()) {
                years.add(loadFile(file, Integer.parseInt(yearFile.group(1))));
            } else if (looksLikeYaml(name)) {
                throw new CalendarFileException(file.toString(), CalendarFileException.NO_LINE,
                        "文件名应为四位年份加 .yml（例如 2027.yml），否则不会被读取");
            }
        }
        return years;
    }

    private static boolean looksLikeYaml(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        return lower.endsWith(".yml") || lower.endsWith(".yaml");
    }

    private static YearCalendar loadFile(Path file, int year) {
        String source = file.toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CalendarFileException(source, CalendarFileException.NO_LINE, "无法读取：" + e, e);
        }
        return CalendarFileParser.parse(source, year, decodeUtf8(bytes, source));
    }

    // Strict decoding: a file saved as GBK would otherwise load with garbled holiday names.
    private static String decodeUtf8(byte[] bytes, String source) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new CalendarFileException(source, CalendarFileException.NO_LINE,
                    "不是 UTF-8 编码（常见原因是用 GBK 保存），请另存为 UTF-8", e);
        }
    }

    /**
     * Whether {@code date} is a working day. Dates in a year without data count Monday–Friday
     * and the year is recorded in {@link #missingYearsSeen()}.
     */
    public boolean isWorkingDay(LocalDate date) {
        Objects.requireNonNull(date, "date");
        YearCalendar year = yearOf(date);
        if (year != null) {
            if (year.holidayNameByDate().containsKey(date)) {
                return false;
            }
            if (year.makeupWorkdays().contains(date)) {
                return true;
            }
        }
        return !CalendarFileParser.isWeekend(date);
    }

    /**
     * The statutory holiday {@code date} belongs to, such as {@code 春节}; empty for ordinary
     * weekends, working days and dates in a year without data (the year is then recorded as missing).
     */
    public Optional<String> holidayName(LocalDate date) {
        Objects.requireNonNull(date, "date");
        YearCalendar year = yearOf(date);
        return year == null ? Optional.empty() : Optional.ofNullable(year.holidayNameByDate().get(date));
    }

    /**
     * The {@code n}-th working day strictly after {@code start}; for {@code n = 0}, {@code start}
     * itself if it is a working day, else the next working day.
     *
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public LocalDate addWorkingDays(LocalDate start, int n) {
        Objects.requireNonNull(start, "start");
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, was " + n);
        }
        LocalDate day = start;
        if (n == 0) {
            while (!isWorkingDay(day)) {
                day = day.plusDays(1);
            }
            return day;
        }
        int remaining = n;
        while (remaining > 0) {
            day = day.plusDays(1);
            if (isWorkingDay(day)) {
                remaining--;
            }
        }
        return day;
    }

    /**
     * The {@code n}-th working day of {@code month}, counting from 1; e.g. the 10th working day
     * of the month is the default due date of the shared-utility statement.
     *
     * @throws IllegalArgumentException if {@code n < 1} or the month has fewer than {@code n} working days
     */
    public LocalDate nthWorkingDayOfMonth(YearMonth month, int n) {
        Objects.requireNonNull(month, "month");
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1, was " + n);
        }
        int seen = 0;
        for (LocalDate day = month.atDay(1); !day.isAfter(month.atEndOfMonth()); day = day.plusDays(1)) {
            if (isWorkingDay(day) && ++seen == n) {
                return day;
            }
        }
        throw new IllegalArgumentException(month + " has only " + seen + " working days, asked for the " + n + "th");
    }

    /**
     * The number of working days {@code d} with {@code fromExclusive < d <= toInclusive}, so that
     * {@code workingDaysBetween(a, addWorkingDays(a, n)) == n}. Like
     * {@link java.time.temporal.ChronoUnit#between}, it is negative when {@code toInclusive} is
     * before {@code fromExclusive}: {@code workingDaysBetween(a, b) == -workingDaysBetween(b, a)}.
     */
    public int workingDaysBetween(LocalDate fromExclusive, LocalDate toInclusive) {
        Objects.requireNonNull(fromExclusive, "fromExclusive");
        Objects.requireNonNull(toInclusive, "toInclusive");
        if (toInclusive.isBefore(fromExclusive)) {
            return -workingDaysBetween(toInclusive, fromExclusive);
        }
        int count = 0;
        for (LocalDate day = fromExclusive.plusDays(1); !day.isAfter(toInclusive); day = day.plusDays(1)) {
            if (isWorkingDay(day)) {
                count++;
            }
        }
        return count;
    }

    /**
     * When an item received at {@code received} is overdue if it must be handled within
     * {@code workingDays} working days.
     *
     * <p>The clock starts on the day of receipt in {@link #ZONE}, not UTC, and the receipt day
     * itself never counts: the item is due by the end of the {@code workingDays}-th working day
     * after it (see {@link #addWorkingDays}). "End of that day" is returned as the instant of
     * 00:00 Beijing time of the following calendar day, so an item is overdue exactly when
     * {@code !now.isBefore(deadline)}.
     *
     * @throws IllegalArgumentException if {@code workingDays} is negative
     */
    public Instant deadlineAfter(Instant received, int workingDays) {
        Objects.requireNonNull(received, "received");
        LocalDate receivedDay = LocalDate.ofInstant(received, ZONE);
        LocalDate dueDay = addWorkingDays(receivedDay, workingDays);
        return dueDay.plusDays(1).atStartOfDay(ZONE).toInstant();
    }

    /** The years that have holiday data, bundled or from the override directory, in ascending order. */
    public Set<Integer> coveredYears() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(yearsByNumber.keySet()));
    }

    /** A snapshot, in ascending order, of the years that were queried but have no holiday data. */
    public Set<Integer> missingYearsSeen() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(missingYears));
    }

    /**
     * Warnings for the people who keep the calendar up to date, in Chinese, one per year, ordered
     * by year: every year queried without data, the current year if it has none, and, from
     * November 1 on (the State Council usually publishes next year's arrangement in November),
     * next year if it has none yet. Empty when all is well.
     *
     * @param today the current date in {@link #ZONE}
     */
    public List<String> warnings(LocalDate today) {
        Objects.requireNonNull(today, "today");
        SortedSet<Integer> yearsWithoutData = new TreeSet<>(missingYears);
        if (!yearsByNumber.containsKey(today.getYear())) {
            yearsWithoutData.add(today.getYear());
        }
        List<String> warnings = new ArrayList<>();
        for (int year : yearsWithoutData) {
            warnings.add(String.format(MISSING_YEAR_WARNING, year, year));
        }
        int nextYear = today.getYear() + 1;
        boolean noticeDue = today.getMonth().compareTo(Month.NOVEMBER) >= 0;
        if (noticeDue && !yearsByNumber.containsKey(nextYear) && !yearsWithoutData.contains(nextYear)) {
            warnings.add(String.format(UPCOMING_YEAR_WARNING, nextYear, nextYear, nextYear));
        }
        return List.copyOf(warnings);
    }

    private YearCalendar yearOf(LocalDate date) {
        YearCalendar year = yearsByNumber.get(date.getYear());
        if (year == null) {
            missingYears.add(date.getYear());
        }
        return year;
    }

    @Override
    public String toString() {
        return "WorkingCalendar[coveredYears=" + coveredYears() + ", missingYearsSeen=" + missingYearsSeen() + "]";
    }
}
