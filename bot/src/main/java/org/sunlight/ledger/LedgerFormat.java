package org.sunlight.ledger;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The documented file layout of each ledger (see {@code docs/ledger-templates.md}): a few
 * "key, value" rows on top, then a header row and one row per line. Headers are Chinese.
 */
public final class LedgerFormat {

    public static final String KIND_KEY = "台账类型";
    public static final String PERIOD_KEY = "期间";
    public static final String OPENING_KEY = "期初余额";
    public static final String CLOSING_KEY = "期末余额";
    public static final String FUND_OPENING_KEY = "支取前余额";
    public static final String ALLOCATION_KEY = "分摊方式";
    public static final String HOUSEHOLDS_KEY = "户数";
    public static final String AREA_KEY = "总面积";
    public static final String TOTAL_KEY = "合计金额";
    /** "补录,是": the lines are added to an already filed public-revenue period (after a correction). */
    public static final String SUPPLEMENT_KEY = "补录";

    public static final String INCOME = "收入";
    public static final String SPENDING = "支出";
    /** The fixed public-revenue categories, by direction. */
    public static final List<String> INCOME_CATEGORIES = List.of("停车", "广告", "场地租赁", "其他收入");
    public static final List<String> SPENDING_CATEGORIES = List.of("维修", "保洁", "工作经费", "其他支出");
    public static final List<String> UTILITY_ITEMS = List.of("电", "水");
    public static final List<String> ALLOCATIONS = List.of("按户均摊", "按面积");

    private LedgerFormat() {
    }

    /** Keys of the rows above the table, in template order. */
    public static List<String> keys(LedgerKind kind) {
        return switch (kind) {
            case PUBLIC_REVENUE -> List.of(KIND_KEY, PERIOD_KEY, OPENING_KEY, CLOSING_KEY);
            case UTILITY -> List.of(KIND_KEY, PERIOD_KEY, ALLOCATION_KEY, HOUSEHOLDS_KEY, AREA_KEY, TOTAL_KEY);
            case FUND -> List.of(KIND_KEY, PERIOD_KEY, FUND_OPENING_KEY);
        };
    }

    /** Table columns, in template order; all are required in the header row. */
    public static List<String> columns(LedgerKind kind) {
        return switch (kind) {
            case PUBLIC_REVENUE -> List.of("类型", "类别", "日期", "金额", "说明", "凭证号", "已向社区报告");
            case UTILITY -> List.of("项目", "表号或账单号", "上期读数", "本期读数", "用量", "金额");
            case FUND -> List.of("日期", "金额", "用途", "工程", "施工单位", "批准文号", "支取后余额", "已向社区报告");
        };
    }

    /** Columns that may be left empty on a row. */
    public static Set<String> optionalCells(LedgerKind kind) {
        return switch (kind) {
            case PUBLIC_REVENUE -> Set.of("说明", "凭证号");
            case UTILITY -> Set.of("上期读数", "本期读数", "用量");
            case FUND -> Set.of("工程");
        };
    }

    /** Example rows for the downloadable template. */
    public static List<List<String>> example(LedgerKind kind) {
        return switch (kind) {
            case PUBLIC_REVENUE -> List.of(
                    List.of(KIND_KEY, kind.label()), List.of(PERIOD_KEY, "2026Q1"),
                    List.of(OPENING_KEY, "12000.00"), List.of(CLOSING_KEY, "15300.00"),
                    columns(kind),
                    List.of(INCOME, "停车", "2026-01-31", "4500.00", "1月临时停车费", "P2601", "否"),
                    List.of(SPENDING, "维修", "2026-02-10", "1200.00", "更换3号楼道灯", "W2602", "否"));
            case UTILITY -> List.of(
                    List.of(KIND_KEY, kind.label()), List.of(PERIOD_KEY, "2026-02"),
                    List.of(ALLOCATION_KEY, "按户均摊"), List.of(HOUSEHOLDS_KEY, "640"), List.of(AREA_KEY, ""),
                    List.of(TOTAL_KEY, "3200.00"),
                    columns(kind),
                    List.of("电", "DB-01", "10234", "12234", "2000", "1800.00"),
                    List.of("水", "SB-01", "5521", "5801", "280", "1400.00"));
            case FUND -> List.of(
                    List.of(KIND_KEY, kind.label()), List.of(PERIOD_KEY, "2026-03"),
                    List.of(FUND_OPENING_KEY, "1000000.00"),
                    columns(kind),
                    List.of("2026-03-05", "30000.00", "电梯维修", "5号楼电梯更换曳引机", "某某电梯工程有限公司",
                            "业表〔2026〕1号", "970000.00", "是"));
        };
    }

    /** Allowed values named in messages, e.g. 停车/广告/场地租赁/其他收入. */
    public static String joined(List<String> values) {
        return String.join("/", values);
    }

    static final Map<String, Boolean> YES_NO = Map.of("是", true, "否", false, "已报告", true, "未报告", false,
            "yes", true, "no", false, "y", true, "n", false);
}
