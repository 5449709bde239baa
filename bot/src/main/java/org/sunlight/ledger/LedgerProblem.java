package org.sunlight.ledger;

/**
 * Something wrong (or, for a warning, worth flagging) in a ledger, located for the person who
 * wrote it. {@code row} is the row number as the spreadsheet shows it (0 for the file as a whole).
 */
public record LedgerProblem(int row, String field, String message) {

    /** Without the row, for a chat entry that is a single line: e.g. {@code “金额”：金额不能为负数：-5}. */
    public String describeField() {
        return field == null || field.isEmpty() ? message : "“" + field + "”：" + message;
    }

    /** The Chinese sentence shown in the dry run, e.g. {@code 第5行“金额”：金额不能为负数：-5}. */
    public String describe() {
        String where = row > 0 ? "第" + row + "行" : "文件";
        return field == null || field.isEmpty() ? where + "：" + message : where + "“" + field + "”：" + message;
    }
}
