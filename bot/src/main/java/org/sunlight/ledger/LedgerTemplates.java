package org.sunlight.ledger;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * Writes sheets in the ledger layout: the downloadable templates (with example rows) and the
 * CSV a web form becomes, so both go through the same reading and checks as an upload. Stateless.
 */
public final class LedgerTemplates {

    private LedgerTemplates() {
    }

    /** CSV in UTF-8 with a BOM, so Excel and WPS open the Chinese headers correctly. */
    public static byte[] csv(List<List<String>> rows) {
        StringBuilder out = new StringBuilder("\uFEFF");
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(quote(row.get(i) == null ? "" : row.get(i)));
            }
            out.append("\r\n");
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** An .xlsx with one sheet holding the rows as text cells. */
    public static byte[] xlsx(List<List<String>> rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            Workbook workbook = new Workbook(out, "Sunlight", "1.0");
            Worksheet sheet = workbook.newWorksheet("台账");
            for (int r = 0; r < rows.size(); r++) {
                for (int c = 0; c < rows.get(r).size(); c++) {
                    String value = rows.get(r).get(c);
                    if (value != null && !value.isEmpty()) {
                        sheet.value(r, c, value);
                    }
                }
            }
            for (int c = 0; c < 8; c++) {
                sheet.width(c, 16);
            }
            workbook.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String quote(String field) {
        if (field.contains(",") || field.contains("\"") || field.contains("\n") || field.contains("\r")) {
            return "\"" + field.replace("\"", "\"\"") + "\"";
        }
        return field;
    }
}
