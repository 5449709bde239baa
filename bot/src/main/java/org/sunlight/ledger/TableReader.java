package org.sunlight.ledger;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.reader.FieldMismatchStrategy;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.ReadingOptions;
import org.dhatim.fastexcel.reader.Row;

/**
 * Reads an uploaded sheet into rows of text: {@code .xlsx} (first sheet) or {@code .csv} in UTF-8
 * (with or without BOM) or GBK, told apart by content, not by the file name. Stateless.
 */
public final class TableReader {

    /** Largest file accepted; a quarter's ledger is a few hundred rows. */
    public static final int MAX_BYTES = 2 * 1024 * 1024;
    private static final int MAX_ROWS = 5_000;
    /** Cells read per row; ledger templates have about ten columns. */
    private static final int MAX_CELLS = 200;
    /** An .xlsx is a zip: a few parts, a few MB inflated. More is a zip bomb or not a ledger. */
    static final long MAX_INFLATED_BYTES = 64L * 1024 * 1024;
    static final int MAX_ZIP_ENTRIES = 500;
    private static final Charset GBK = Charset.forName("GB18030");

    /** The rows, or the reason the file cannot be read at all (in Chinese). */
    public record Result(List<TableRow> rows, String error) {
        static Result failed(String error) {
            return new Result(List.of(), error);
        }
    }

    public Result read(String fileName, byte[] content) {
        if (content.length == 0) {
            return Result.failed("文件是空的");
        }
        if (content.length > MAX_BYTES) {
            return Result.failed("文件太大（超过 2 MB），请按季度或月份分开上传");
        }
        // The header checks throw on fewer than 8 bytes (found by LedgerImportFuzzTest).
        boolean headed = content.length >= 8;
        if (headed && ReadableWorkbook.isOLE2Header(content)) {
            return Result.failed("不支持旧版 .xls 文件，请在 Excel/WPS 中另存为 .xlsx 或 .csv 后上传");
        }
        if (headed && ReadableWorkbook.isOOXMLZipHeader(content)) {
            return readXlsx(content);
        }
        String lower = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
        if (!lower.isEmpty() && !lower.endsWith(".csv") && !lower.endsWith(".txt")) {
            return Result.failed("只支持 .xlsx 和 .csv 文件（收到的是“" + fileName + "”）");
        }
        return readCsv(decode(content));
    }

    /** UTF-8 (BOM stripped) when the bytes are valid UTF-8, otherwise GBK. */
    static String decode(byte[] content) {
        int start = content.length >= 3 && (content[0] & 0xff) == 0xef && (content[1] & 0xff) == 0xbb
                && (content[2] & 0xff) == 0xbf ? 3 : 0;
        ByteBuffer bytes = ByteBuffer.wrap(content, start, content.length - start);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
        } catch (CharacterCodingException notUtf8) {
            return new String(content, start, content.length - start, GBK);
        }
    }

    private Result readCsv(String text) {
        List<TableRow> rows = new ArrayList<>();
        // Rows differ in width on purpose (key rows have two cells), so field counts are not enforced.
        try (CsvReader<CsvRecord> reader = CsvReader.builder().skipEmptyLines(true)
                .extraFieldStrategy(FieldMismatchStrategy.IGNORE).missingFieldStrategy(FieldMismatchStrategy.IGNORE)
                .ofCsvRecord(text)) {
            for (CsvRecord record : reader) {
                TableRow row = new TableRow((int) record.getStartingLineNumber(), List.copyOf(record.getFields()));
                if (!row.blank()) {
                    rows.add(row);
                }
                if (rows.size() > MAX_ROWS) {
                    return Result.failed("行数太多（超过 " + MAX_ROWS + " 行）");
                }
            }
        } catch (IOException | RuntimeException e) {
            return Result.failed("CSV 文件格式有误，无法读取：" + e.getMessage());
        }
        return new Result(rows, null);
    }

    private Result readXlsx(byte[] content) {
        String zipProblem = zipProblem(content);
        if (zipProblem != null) {
            return Result.failed(zipProblem);
        }
        try {
            // Cell formats are read so that a date typed in Excel/WPS (a day number) reads as a date.
            return readSheet(content, new ReadingOptions(true, false));
        } catch (IOException | RuntimeException withFormats) {
            // Some writers leave out the styles part the format reader needs; the values are still there.
            try {
                return readSheet(content, ReadingOptions.DEFAULT_READING_OPTIONS);
            } catch (IOException | RuntimeException e) {
                return Result.failed("Excel 文件已损坏或不是 .xlsx 格式，无法读取");
            }
        }
    }

    private Result readSheet(byte[] content, ReadingOptions options) throws IOException {
        List<TableRow> rows = new ArrayList<>();
        int rowsSeen = 0;
        try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(content), options);
             Stream<Row> sheetRows = workbook.getFirstSheet().openStream()) {
            // Streamed, so a sheet of millions of empty rows stops at the cap instead of filling memory.
            for (Row sheetRow : (Iterable<Row>) sheetRows::iterator) {
                if (++rowsSeen > MAX_ROWS * 4) {
                    return Result.failed("行数太多（超过 " + MAX_ROWS + " 行）");
                }
                if (sheetRow.getCellCount() > MAX_CELLS) {
                    return Result.failed("第 " + sheetRow.getRowNum() + " 行列数太多（超过 " + MAX_CELLS + " 列）");
                }
                List<String> cells = new ArrayList<>();
                for (int i = 0; i < sheetRow.getCellCount(); i++) {
                    Cell cell = sheetRow.getCell(i);
                    if (uncalculatedFormula(cell)) {
                        // The value people saw is not in the file; guessing it would publish a wrong figure.
                        return Result.failed("第 " + sheetRow.getRowNum() + " 行第 " + (i + 1)
                                + " 列是没有计算结果的公式，请在 Excel/WPS 中重新计算并保存（或粘贴为数值）后上传");
                    }
                    cells.add(text(cell));
                }
                TableRow row = new TableRow(sheetRow.getRowNum(), cells);
                if (!row.blank()) {
                    rows.add(row);
                }
                if (rows.size() > MAX_ROWS) {
                    return Result.failed("行数太多（超过 " + MAX_ROWS + " 行）");
                }
            }
        }
        return new Result(rows, null);
    }

    /**
     * Inflates every part once, counting, before the workbook reader sees it: refuses a zip bomb
     * (too many bytes or entries once inflated) without holding more than a buffer in memory.
     */
    static String zipProblem(byte[] content) {
        long inflated = 0;
        int entries = 0;
        byte[] buffer = new byte[64 * 1024];
        Path file = null;
        // ZipFile reads the central directory; ZipInputStream refuses the local headers Excel writers leave empty.
        try {
            file = Files.createTempFile("sunlight-upload", ".xlsx");
            Files.write(file, content);
            try (ZipFile zip = new ZipFile(file.toFile())) {
                for (Enumeration<? extends ZipEntry> all = zip.entries(); all.hasMoreElements(); ) {
                    ZipEntry entry = all.nextElement();
                    if (++entries > MAX_ZIP_ENTRIES) {
                        return "Excel 文件内部结构异常（部件过多），无法读取";
                    }
                    try (InputStream in = zip.getInputStream(entry)) {
                        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                            inflated += read;
                            if (inflated > MAX_INFLATED_BYTES) {
                                return "Excel 文件解压后过大（超过 64 MB），可能已损坏，无法读取";
                            }
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return "Excel 文件已损坏或不是 .xlsx 格式，无法读取";
        } finally {
            deleteQuietly(file);
        }
        return entries == 0 ? "Excel 文件已损坏或不是 .xlsx 格式，无法读取" : null;
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                file.toFile().deleteOnExit();
            }
        }
    }

    private static boolean uncalculatedFormula(Cell cell) {
        return cell != null && cell.getType() == CellType.FORMULA
                && (cell.getRawValue() == null || cell.getRawValue().isBlank());
    }

    /** A cell as people typed it: numbers without a float's noise, text as is. */
    private static String text(Cell cell) {
        if (cell == null) {
            return "";
        }
        if (cell.getType() == CellType.NUMBER && cell.getRawValue() != null && dateFormatted(cell)) {
            // Excel and WPS turn a typed 2026-01-31 into day number 46053 shown with a date format.
            try {
                return cell.asDate().toLocalDate().toString();
            } catch (RuntimeException notADay) {
                return cell.getRawValue();
            }
        }
        if (cell.getType() == CellType.NUMBER && cell.getRawValue() != null) {
            // The raw value is the stored decimal text; BigDecimal keeps 1234.567 as written.
            return new BigDecimal(cell.getRawValue()).stripTrailingZeros().toPlainString();
        }
        String text = cell.getText();
        return text == null ? "" : text;
    }

    /**
     * Is the cell shown as a date: one of Excel's built-in date formats (14–22; 27–36 and 50–58
     * are the Chinese-locale ones), or a custom format with a year or day code outside quoted text.
     */
    private static boolean dateFormatted(Cell cell) {
        Integer id = cell.getDataFormatId();
        if (id != null && (id >= 14 && id <= 22 || id >= 27 && id <= 36 || id >= 50 && id <= 58)) {
            return true;
        }
        String format = cell.getDataFormatString();
        if (format == null) {
            return false;
        }
        String codes = format.replaceAll("\"[^\"]*\"|\\[[^\\]]*\\]|\\\\.", "").toLowerCase(Locale.ROOT);
        return codes.contains("y") || codes.contains("d");
    }
}
