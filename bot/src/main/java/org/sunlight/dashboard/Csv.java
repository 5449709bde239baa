package org.sunlight.dashboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * CSV for Excel: UTF-8 with a byte-order mark, RFC 4180 quoting, and cells that a spreadsheet would
 * take for a formula (starting with = + - @, tab or carriage return) prefixed with a single quote,
 * so text typed by owners can never run as a formula.
 */
public final class Csv {

    /** Marks the file as UTF-8 for Excel; written once, before the first row. */
    public static final String BYTE_ORDER_MARK = "\uFEFF";

    private Csv() {
    }

    public static String write(List<List<String>> rows) {
        StringBuilder out = new StringBuilder(BYTE_ORDER_MARK);
        rows.forEach(row -> row(out, row));
        return out.toString();
    }

    /** Appends one row (guarded and quoted cells, CRLF), e.g. to a stream being sent. */
    public static void row(Appendable out, List<String> row) {
        try {
            for (int i = 0; i < row.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(cell(row.get(i)));
            }
            out.append("\r\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String cell(String value) {
        String text = value == null ? "" : value;
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            text = '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }
}
