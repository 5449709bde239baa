package org.sunlight.ledger;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/** Builds real ledger files for tests: .xlsx through the writer, CSV in UTF-8 (± BOM) or GBK. */
public final class LedgerFiles {

    public static final Charset GBK = Charset.forName("GBK");

    private LedgerFiles() {
    }

    /** Rows from lines of comma-separated cells (no quoting needed in tests). */
    public static List<List<String>> rows(String... lines) {
        List<List<String>> rows = new ArrayList<>();
        for (String line : lines) {
            rows.add(Arrays.asList(line.split(",", -1)));
        }
        return rows;
    }

    public static byte[] csv(Charset charset, boolean bom, String... lines) {
        String text = String.join("\r\n", lines) + "\r\n";
        byte[] body = text.getBytes(charset);
        if (!bom) {
            return body;
        }
        byte[] withBom = new byte[body.length + 3];
        withBom[0] = (byte) 0xef;
        withBom[1] = (byte) 0xbb;
        withBom[2] = (byte) 0xbf;
        System.arraycopy(body, 0, withBom, 3, body.length);
        return withBom;
    }

    public static byte[] gbkCsv(String... lines) {
        return csv(GBK, false, lines);
    }

    public static byte[] utf8Csv(String... lines) {
        return csv(StandardCharsets.UTF_8, true, lines);
    }

    public static byte[] xlsx(String... lines) {
        return LedgerTemplates.xlsx(rows(lines));
    }

    /**
     * An .xlsx as Excel or WPS saves it after someone typed the lines in: dates become day
     * numbers with a date format (alternating the ISO and the Chinese 年月日 display), plain
     * numbers become numeric cells, everything else stays text.
     */
    public static byte[] xlsxAsTyped(String... lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            Workbook workbook = new Workbook(out, "Microsoft Excel", "16.0");
            Worksheet sheet = workbook.newWorksheet("台账");
            int dates = 0;
            for (int r = 0; r < lines.length; r++) {
                String[] cells = lines[r].split(",", -1);
                for (int c = 0; c < cells.length; c++) {
                    String cell = cells[c];
                    if (cell.matches("\\d{4}-\\d{2}-\\d{2}")) {
                        sheet.value(r, c, LocalDate.parse(cell));
                        sheet.style(r, c).format(dates++ % 2 == 0 ? "yyyy/m/d" : "yyyy\"年\"m\"月\"d\"日\"").set();
                    } else if (cell.matches("\\d+(\\.\\d+)?")) {
                        sheet.value(r, c, new BigDecimal(cell));
                        sheet.style(r, c).format("#,##0.00").set();
                    } else if (!cell.isEmpty()) {
                        sheet.value(r, c, cell);
                    }
                }
            }
            workbook.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A correct public-revenue ledger for 2026Q1 (opening 12,000.00, closing 15,300.00). */
    public static String[] quarter2026Q1() {
        return new String[] {
            "台账类型,公共收益",
            "期间,2026Q1",
            "期初余额,12000.00",
            "期末余额,15300.00",
            "类型,类别,日期,金额,说明,凭证号,已向社区报告",
            "收入,停车,2026-01-31,4500.00,1月临时停车费,P2601,否",
            "支出,维修,2026-02-10,1200.00,更换3号楼道灯,W2602,否",
        };
    }
}
