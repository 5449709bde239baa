package org.sunlight.calendar;

import java.io.StringReader;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads and strictly validates one {@code YYYY.yml} holiday file.
 *
 * <p>Works on SnakeYAML's node tree rather than on constructed Java objects so that every
 * complaint can carry the line it is about, and so that nothing in the file can make SnakeYAML
 * instantiate classes or turn dates into {@code java.util.Date} in the JVM's default zone.
 */
final class CalendarFileParser {

    static final String KEY_YEAR = "year";
    static final String KEY_HOLIDAYS = "holidays";
    static final String KEY_MAKEUP_WORKDAYS = "makeupWorkdays";
    private static final List<String> TOP_LEVEL_KEYS = List.of(KEY_YEAR, KEY_HOLIDAYS, KEY_MAKEUP_WORKDAYS);

    private static final String KEY_NAME = "name";
    private static final String KEY_FROM = "from";
    private static final String KEY_TO = "to";
    private static final List<String> HOLIDAY_KEYS = List.of(KEY_NAME, KEY_FROM, KEY_TO);

    // LocalDate.parse alone would also accept "+2026-01-01" style years; the format promises YYYY-MM-DD.
    private static final Pattern DATE_SHAPE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern YEAR_SHAPE = Pattern.compile("\\d{4}");
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private final String source;
    private final int expectedYear;

    private CalendarFileParser(String source, int expectedYear) {
        this.source = source;
        this.expectedYear = expectedYear;
    }

    /**
     * Parses the text of one year's file.
     *
     * @param source       how to name the file in error messages
     * @param expectedYear the year taken from the file name; the {@code year:} key must agree
     * @param text         the whole file, already decoded from UTF-8
     * @throws CalendarFileException naming the source and line of the first problem found
     */
    static YearCalendar parse(String source, int expectedYear, String text) {
        return new CalendarFileParser(source, expectedYear).parse(text);
    }

    private YearCalendar parse(String text) {
        // Windows editors like to prepend a byte order mark; it is not part of the data.
        String withoutBom = !text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK ? text.substring(1) : text;
        Node root = compose(withoutBom);
        if (root == null) {
            throw new CalendarFileException(source, 1, "文件是空的，至少要有 year、holidays、makeupWorkdays 三个键");
        }
        Map<String, NodeTuple> entries = mapping(root, TOP_LEVEL_KEYS, "文件顶层");

        int year = year(entries.get(KEY_YEAR).getValueNode());
        Map<LocalDate, String> holidayNameByDate = holidays(entries.get(KEY_HOLIDAYS).getValueNode());
        Set<LocalDate> makeupWorkdays = makeupWorkdays(
                entries.get(KEY_MAKEUP_WORKDAYS).getValueNode(), holidayNameByDate);
        return new YearCalendar(year, source, holidayNameByDate, makeupWorkdays);
    }

    private Node compose(String text) {
        try {
            return new Yaml().compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            int line = mark != null ? mark.getLine() + 1 : CalendarFileException.NO_LINE;
            throw new CalendarFileException(source, line, "不是合法的 YAML：" + e.getProblem(), e);
        } catch (YAMLException e) {
            throw new CalendarFileException(source, CalendarFileException.NO_LINE,
                    "不是合法的 YAML：" + e.getMessage(), e);
        }
    }

    private int year(Node node) {
        String text = scalar(node, KEY_YEAR);
        if (!YEAR_SHAPE.matcher(text).matches()) {
            throw problem(node, "year 应为四位年份，实际是「" + text + "」");
        }
        int year = Integer.parseInt(text);
        if (year != expectedYear) {
            throw problem(node, "year: " + year + " 与文件名不符，文件名表示 " + expectedYear + " 年");
        }
        return year;
    }

    private Map<LocalDate, String> holidays(Node node) {
        SequenceNode list = sequence(node, KEY_HOLIDAYS, "每项一行，以「- {name: 元旦, from: ..., to: ...}」的形式列出");
        if (list.getValue().isEmpty()) {
            // Every year has at least 元旦; an empty list is a half-finished file, not a fact.
            throw problem(node, "holidays 不能为空");
        }
        Map<LocalDate, String> holidayNameByDate = new HashMap<>();
        for (Node item : list.getValue()) {
            Map<String, NodeTuple> fields = mapping(item, HOLIDAY_KEYS, "holidays 的每一项");
            String name = scalar(fields.get(KEY_NAME).getValueNode(), KEY_NAME).strip();
            if (name.isEmpty()) {
                throw problem(fields.get(KEY_NAME).getValueNode(), "假日名称 name 不能为空");
            }
            Node fromNode = fields.get(KEY_FROM).getValueNode();
            Node toNode = fields.get(KEY_TO).getValueNode();
            LocalDate from = dateInYear(fromNode, KEY_FROM);
            LocalDate to = dateInYear(toNode, KEY_TO);
            if (from.isAfter(to)) {
                throw problem(fromNode, "「" + name + "」的首日 from " + from + " 晚于末日 to " + to);
            }
            for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
                String earlier = holidayNameByDate.putIfAbsent(day, name);
                if (earlier != null) {
                    throw problem(item, "「" + name + "」与「" + earlier + "」在 " + day + " 重叠");
                }
            }
        }
        return holidayNameByDate;
    }

    private Set<LocalDate> makeupWorkdays(Node node, Map<LocalDate, String> holidayNameByDate) {
        SequenceNode list = sequence(node, KEY_MAKEUP_WORKDAYS, "例如 [2026-01-04, 2026-02-14]，没有时写 []");
        Set<LocalDate> makeupWorkdays = new HashSet<>();
        for (Node item : list.getValue()) {
            LocalDate day = dateInYear(item, KEY_MAKEUP_WORKDAYS);
            if (!isWeekend(day)) {
                throw problem(item, "调休上班日 " + day + " 是" + chineseWeekday(day.getDayOfWeek())
                        + "，只能是周六或周日");
            }
            String holiday = holidayNameByDate.get(day);
            if (holiday != null) {
                throw problem(item, "调休上班日 " + day + " 同时是「" + holiday + "」的假日");
            }
            if (!makeupWorkdays.add(day)) {
                throw problem(item, "调休上班日 " + day + " 重复出现");
            }
        }
        return makeupWorkdays;
    }

    /**
     * Checks that {@code node} is a mapping whose keys are exactly {@code allowedKeys}, no more,
     * no fewer, none twice, and returns its entries by key.
     */
    private Map<String, NodeTuple> mapping(Node node, List<String> allowedKeys, String what) {
        if (!(node instanceof MappingNode mappingNode)) {
            throw problem(node, what + "应为键值映射，包含 " + String.join("、", allowedKeys));
        }
        Map<String, NodeTuple> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : mappingNode.getValue()) {
            Node keyNode = tuple.getKeyNode();
            String key = keyNode instanceof ScalarNode scalarKey ? scalarKey.getValue() : null;
            if (key == null || !allowedKeys.contains(key)) {
                throw problem(keyNode, "未知的键「" + (key == null ? "(非文字)" : key) + "」，"
                        + what + "只允许 " + String.join("、", allowedKeys));
            }
            // SnakeYAML's composer keeps duplicate keys; silently taking one of them could drop data.
            if (entries.putIfAbsent(key, tuple) != null) {
                throw problem(keyNode, "键「" + key + "」重复出现");
            }
        }
        for (String key : allowedKeys) {
            if (!entries.containsKey(key)) {
                throw problem(node, what + "缺少键「" + key + "」");
            }
        }
        return entries;
    }

    private SequenceNode sequence(Node node, String key, String howToWriteIt) {
        if (node instanceof SequenceNode sequenceNode) {
            return sequenceNode;
        }
        throw problem(node, key + " 应为列表，" + howToWriteIt);
    }

    private String scalar(Node node, String key) {
        if (node instanceof ScalarNode scalarNode) {
            return scalarNode.getValue();
        }
        throw problem(node, key + " 应为单个值，不能是列表或映射");
    }

    private LocalDate dateInYear(Node node, String key) {
        String text = scalar(node, key).strip();
        if (text.isEmpty()) {
            throw problem(node, key + " 缺少日期，应为 YYYY-MM-DD");
        }
        if (!DATE_SHAPE.matcher(text).matches()) {
            throw invalidDate(node, text);
        }
        LocalDate date;
        try {
            date = LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw invalidDate(node, text);
        }
        if (date.getYear() != expectedYear) {
            throw problem(node, "日期 " + date + " 不在 " + expectedYear
                    + " 年内；每个文件只能写本年的日期，跨年假期请拆到两年的文件里");
        }
        return date;
    }

    private CalendarFileException invalidDate(Node node, String text) {
        return problem(node, "日期「" + text + "」无效，应为 YYYY-MM-DD 格式的真实日期");
    }

    private CalendarFileException problem(Node node, String problem) {
        return new CalendarFileException(source, node.getStartMark().getLine() + 1, problem);
    }

    static boolean isWeekend(LocalDate day) {
        DayOfWeek dayOfWeek = day.getDayOfWeek();
        return dayOfWeek == DayOfWeek.SATURDAY || dayOfWeek == DayOfWeek.SUNDAY;
    }

    private static String chineseWeekday(DayOfWeek dayOfWeek) {
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
}
