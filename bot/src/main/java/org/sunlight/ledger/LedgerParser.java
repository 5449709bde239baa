package org.sunlight.ledger;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.sunlight.money.AmountFormatException;
import org.sunlight.money.Amounts;

/**
 * Turns the rows of an uploaded sheet into a {@link ParsedLedger}, reporting every problem with its
 * row and field in Chinese. Checks what the file alone can tell (formats, categories, dates in the
 * period, totals, repeated rows); {@link LedgerChecks} adds what needs the database. Stateless.
 */
public final class LedgerParser {

    private static final Pattern DATE = Pattern.compile("(\\d{4})[-/.年](\\d{1,2})[-/.月](\\d{1,2})日?");
    private static final Pattern EXCEL_SERIAL = Pattern.compile("\\d{5}");
    private static final LocalDate EXCEL_EPOCH = LocalDate.of(1899, 12, 30);

    public ParsedLedger parse(List<TableRow> rows) {
        List<LedgerProblem> problems = new ArrayList<>();
        Map<String, String> values = new HashMap<>();
        Map<String, Integer> keyRows = new HashMap<>();
        int index = 0;
        LedgerKind kind = null;
        for (; index < rows.size(); index++) {
            TableRow row = rows.get(index);
            String key = row.cell(0);
            if (kind != null && key.equals(LedgerFormat.columns(kind).get(0))) {
                break;
            }
            values.put(key, row.cell(1));
            keyRows.put(key, row.number());
            if (key.equals(LedgerFormat.KIND_KEY)) {
                kind = LedgerKind.fromLabel(row.cell(1)).orElse(null);
                if (kind == null) {
                    problems.add(new LedgerProblem(row.number(), LedgerFormat.KIND_KEY, "不认识的台账类型“"
                            + row.cell(1) + "”，应为 公共收益/公摊水电费/维修资金支取"));
                    return failed(problems, keyRows);
                }
            }
        }
        if (kind == null) {
            problems.add(new LedgerProblem(0, LedgerFormat.KIND_KEY,
                    "缺少“台账类型”行（第一行应为：台账类型,公共收益）；请使用下载的模板"));
            return failed(problems, keyRows);
        }
        List<String> columns = LedgerFormat.columns(kind);
        if (index >= rows.size()) {
            problems.add(new LedgerProblem(0, columns.get(0), "没有找到表头行（以“" + columns.get(0)
                    + "”开头的一行）；请使用下载的模板"));
            return failed(problems, keyRows);
        }
        Period period = readPeriod(kind, values, keyRows, problems);
        TableRow header = rows.get(index);
        Map<String, Integer> columnIndex = new LinkedHashMap<>();
        for (int i = 0; i < header.cells().size(); i++) {
            columnIndex.putIfAbsent(header.cell(i), i);
        }
        for (String column : columns) {
            if (!columnIndex.containsKey(column)) {
                problems.add(new LedgerProblem(header.number(), column, "表头缺少“" + column + "”列"));
            }
        }
        if (!problems.isEmpty() && problems.stream().anyMatch(problem -> problem.row() == header.number())) {
            return failed(problems, keyRows);
        }

        boolean supplement = false;
        if (values.containsKey(LedgerFormat.SUPPLEMENT_KEY)) {
            String answer = values.get(LedgerFormat.SUPPLEMENT_KEY);
            supplement = Boolean.TRUE.equals(LedgerFormat.YES_NO.get(answer));
            if (kind != LedgerKind.PUBLIC_REVENUE && supplement) {
                problems.add(new LedgerProblem(keyRows.get(LedgerFormat.SUPPLEMENT_KEY), LedgerFormat.SUPPLEMENT_KEY,
                        "只有公共收益台账可以补录；维修资金支取可直接再次上传，公摊水电费请冲正后联系社区"));
            }
        }
        Long opening = null;
        Long closing = null;
        Long total = null;
        String allocation = null;
        Integer households = null;
        Long area = null;
        switch (kind) {
            case PUBLIC_REVENUE -> {
                opening = money(values, keyRows, LedgerFormat.OPENING_KEY, !supplement, problems);
                closing = money(values, keyRows, LedgerFormat.CLOSING_KEY, !supplement, problems);
            }
            case UTILITY -> {
                total = money(values, keyRows, LedgerFormat.TOTAL_KEY, true, problems);
                allocation = values.getOrDefault(LedgerFormat.ALLOCATION_KEY, "").strip();
                if (!LedgerFormat.ALLOCATIONS.contains(allocation)) {
                    problems.add(new LedgerProblem(keyRows.getOrDefault(LedgerFormat.ALLOCATION_KEY, 0),
                            LedgerFormat.ALLOCATION_KEY, allocation.isEmpty() ? "缺少分摊方式"
                            : "不认识的分摊方式“" + allocation + "”，应为 " + LedgerFormat.joined(LedgerFormat.ALLOCATIONS)));
                }
                households = count(values, keyRows, problems);
                if ("按面积".equals(allocation)) {
                    area = areaCenti(values, keyRows, problems);
                }
            }
            case FUND -> opening = money(values, keyRows, LedgerFormat.FUND_OPENING_KEY, false, problems);
            default -> throw new IllegalStateException();
        }

        List<LedgerLine> lines = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = index + 1; i < rows.size(); i++) {
            TableRow row = rows.get(i);
            Cells cells = new Cells(kind, row, columnIndex, problems);
            LedgerLine line = switch (kind) {
                case PUBLIC_REVENUE -> publicRevenueLine(cells, period);
                case UTILITY -> utilityLine(cells);
                case FUND -> fundLine(cells, period);
            };
            if (line == null) {
                continue;
            }
            if (period != null) {
                String fingerprint = line.fingerprint(kind, period);
                Integer first = seen.putIfAbsent(fingerprint, row.number());
                if (first != null) {
                    problems.add(new LedgerProblem(row.number(), "", "与第" + first + "行完全相同，同一笔不能记两次"));
                    continue;
                }
            }
            lines.add(line);
        }
        if (index + 1 >= rows.size() && (kind != LedgerKind.PUBLIC_REVENUE || supplement)) {
            problems.add(new LedgerProblem(header.number(), "", "表头下面没有任何明细行"));
        }
        return new ParsedLedger(kind, period, opening, closing, total, allocation, households, area, List.copyOf(lines),
                List.copyOf(problems), List.of(), Map.copyOf(keyRows), supplement);
    }

    private static ParsedLedger failed(List<LedgerProblem> problems, Map<String, Integer> keyRows) {
        return new ParsedLedger(null, null, null, null, null, null, null, null, List.of(), List.copyOf(problems),
                List.of(), Map.copyOf(keyRows), false);
    }

    private static Period readPeriod(LedgerKind kind, Map<String, String> values, Map<String, Integer> keyRows,
                                     List<LedgerProblem> problems) {
        String text = values.getOrDefault(LedgerFormat.PERIOD_KEY, "");
        Optional<Period> period = Period.parse(kind, text);
        if (period.isEmpty()) {
            problems.add(new LedgerProblem(keyRows.getOrDefault(LedgerFormat.PERIOD_KEY, 0), LedgerFormat.PERIOD_KEY,
                    text.isEmpty() ? "缺少期间" : "期间“" + text + "”格式不对，" + (kind.quarterly()
                            ? "应为季度，如 2026Q1" : "应为月份，如 2026-03")));
        }
        return period.orElse(null);
    }

    private static Long money(Map<String, String> values, Map<String, Integer> keyRows, String key, boolean required,
                              List<LedgerProblem> problems) {
        String text = values.getOrDefault(key, "").strip();
        int row = keyRows.getOrDefault(key, 0);
        if (text.isEmpty()) {
            if (required) {
                problems.add(new LedgerProblem(row, key, "缺少" + key));
            }
            return null;
        }
        try {
            return Amounts.parseFen(text);
        } catch (AmountFormatException e) {
            problems.add(new LedgerProblem(row, key, e.getMessage()));
            return null;
        }
    }

    private static Integer count(Map<String, String> values, Map<String, Integer> keyRows,
                                 List<LedgerProblem> problems) {
        String text = values.getOrDefault(LedgerFormat.HOUSEHOLDS_KEY, "").strip();
        int row = keyRows.getOrDefault(LedgerFormat.HOUSEHOLDS_KEY, 0);
        if (!text.matches("[1-9]\\d{0,5}")) {
            problems.add(new LedgerProblem(row, LedgerFormat.HOUSEHOLDS_KEY, text.isEmpty() ? "缺少户数"
                    : "户数应为正整数：" + text));
            return null;
        }
        return Integer.parseInt(text);
    }

    private static Long areaCenti(Map<String, String> values, Map<String, Integer> keyRows,
                                  List<LedgerProblem> problems) {
        String text = values.getOrDefault(LedgerFormat.AREA_KEY, "").strip();
        int row = keyRows.getOrDefault(LedgerFormat.AREA_KEY, 0);
        if (!text.matches("\\d{1,9}(\\.\\d{1,2})?") || new BigDecimal(text).signum() <= 0) {
            problems.add(new LedgerProblem(row, LedgerFormat.AREA_KEY, text.isEmpty()
                    ? "按面积分摊时必须填写总面积（平方米）" : "总面积应为正数，最多两位小数：" + text));
            return null;
        }
        return new BigDecimal(text).movePointRight(2).longValueExact();
    }

    private static LedgerLine publicRevenueLine(Cells cells, Period period) {
        String type = cells.required("类型");
        String direction = switch (type) {
            case LedgerFormat.INCOME -> "income";
            case LedgerFormat.SPENDING -> "spending";
            default -> {
                if (!type.isEmpty()) {
                    cells.problem("类型", "应为“收入”或“支出”，不是“" + type + "”");
                }
                yield null;
            }
        };
        String category = cells.required("类别");
        if (direction != null && !category.isEmpty()) {
            List<String> allowed = direction.equals("income") ? LedgerFormat.INCOME_CATEGORIES
                    : LedgerFormat.SPENDING_CATEGORIES;
            if (!allowed.contains(category)) {
                cells.problem("类别", "不认识的" + type + "类别“" + category + "”，应为 " + LedgerFormat.joined(allowed));
            }
        }
        LocalDate date = cells.date("日期", period);
        Long amount = cells.amount("金额");
        Boolean reported = cells.yesNo("已向社区报告");
        if (!cells.ok()) {
            return null;
        }
        return new LedgerLine(cells.row.number(), direction, category, date, amount, cells.optional("说明"),
                cells.optional("凭证号"), reported, "", "", "", "", "", "", "", null);
    }

    private static LedgerLine utilityLine(Cells cells) {
        String item = cells.required("项目");
        if (!item.isEmpty() && !LedgerFormat.UTILITY_ITEMS.contains(item)) {
            cells.problem("项目", "应为“电”或“水”，不是“" + item + "”");
        }
        String meter = cells.required("表号或账单号");
        BigDecimal previous = cells.reading("上期读数");
        BigDecimal current = cells.reading("本期读数");
        BigDecimal usage = cells.reading("用量");
        if (previous != null && current != null) {
            if (current.compareTo(previous) < 0) {
                cells.problem("本期读数", "本期读数小于上期读数");
            } else if (usage != null && usage.compareTo(current.subtract(previous)) != 0) {
                cells.problem("用量", "用量应为 本期读数 − 上期读数 = " + current.subtract(previous).toPlainString()
                        + "，文件写的是 " + usage.toPlainString());
            } else if (usage == null) {
                usage = current.subtract(previous);
            }
        }
        Long amount = cells.amount("金额");
        if (!cells.ok()) {
            return null;
        }
        return new LedgerLine(cells.row.number(), "cost", item, null, amount, "", "", false, meter,
                previous == null ? "" : previous.toPlainString(), current == null ? "" : current.toPlainString(),
                usage == null ? "" : usage.toPlainString(), "", "", "", null);
    }

    private static LedgerLine fundLine(Cells cells, Period period) {
        LocalDate date = cells.date("日期", period);
        Long amount = cells.amount("金额");
        String purpose = cells.required("用途");
        String works = cells.optional("工程");
        String contractor = cells.required("施工单位");
        String approval = cells.required("批准文号");
        Long balanceAfter = cells.balance("支取后余额");
        Boolean reported = cells.yesNo("已向社区报告");
        if (!cells.ok()) {
            return null;
        }
        return new LedgerLine(cells.row.number(), "withdrawal", purpose, date, amount, "", "", reported, "", "", "",
                "", works, contractor, approval, balanceAfter);
    }

    /** The cells of one row by column name, collecting that row's problems. */
    private static final class Cells {
        private final LedgerKind kind;
        private final TableRow row;
        private final Map<String, Integer> columns;
        private final List<LedgerProblem> problems;
        private boolean ok = true;

        Cells(LedgerKind kind, TableRow row, Map<String, Integer> columns, List<LedgerProblem> problems) {
            this.kind = kind;
            this.row = row;
            this.columns = columns;
            this.problems = problems;
        }

        boolean ok() {
            return ok;
        }

        String optional(String column) {
            return row.cell(columns.getOrDefault(column, -1));
        }

        String required(String column) {
            String value = optional(column);
            if (value.isEmpty() && !LedgerFormat.optionalCells(kind).contains(column)) {
                problem(column, "不能为空");
            }
            return value;
        }

        void problem(String column, String message) {
            problems.add(new LedgerProblem(row.number(), column, message));
            ok = false;
        }

        Long amount(String column) {
            String text = required(column);
            if (text.isEmpty()) {
                return null;
            }
            try {
                long fen = Amounts.parseFen(text);
                if (fen == 0) {
                    problem(column, "金额必须大于 0");
                    return null;
                }
                return fen;
            } catch (AmountFormatException e) {
                problem(column, e.getMessage());
                return null;
            }
        }

        Long balance(String column) {
            String text = required(column);
            if (text.isEmpty()) {
                return null;
            }
            try {
                return Amounts.parseFen(text);
            } catch (AmountFormatException e) {
                problem(column, e.getMessage());
                return null;
            }
        }

        BigDecimal reading(String column) {
            String text = optional(column);
            if (text.isEmpty()) {
                return null;
            }
            if (!text.matches("\\d{1,12}(\\.\\d{1,4})?")) {
                problem(column, "应为不小于 0 的数字：" + text);
                return null;
            }
            return new BigDecimal(text);
        }

        Boolean yesNo(String column) {
            String text = required(column);
            Boolean value = LedgerFormat.YES_NO.get(text.toLowerCase(Locale.ROOT));
            if (value == null && !text.isEmpty()) {
                problem(column, "应填“是”或“否”，不是“" + text + "”");
            }
            return value;
        }

        LocalDate date(String column, Period period) {
            String text = required(column);
            if (text.isEmpty()) {
                return null;
            }
            LocalDate date = parseDate(text);
            if (date == null) {
                problem(column, "日期格式不对，应为 2026-01-31：" + text);
                return null;
            }
            if (period != null && !period.contains(date)) {
                problem(column, "日期 " + date + " 不在" + period.label() + "内");
            }
            return date;
        }
    }

    static LocalDate parseDate(String text) {
        if (EXCEL_SERIAL.matcher(text).matches()) {
            return EXCEL_EPOCH.plusDays(Long.parseLong(text));
        }
        Matcher matcher = DATE.matcher(text.strip());
        if (matcher.matches()) {
            try {
                return LocalDate.of(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)),
                        Integer.parseInt(matcher.group(3)));
            } catch (DateTimeException e) {
                return null;
            }
        }
        try {
            return LocalDate.parse(text.strip(), DateTimeFormatter.ISO_LOCAL_DATE);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
