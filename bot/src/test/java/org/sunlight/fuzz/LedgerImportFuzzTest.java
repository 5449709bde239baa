package org.sunlight.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.sunlight.ledger.LedgerFiles;
import org.sunlight.ledger.LedgerParser;
import org.sunlight.ledger.LedgerProblem;
import org.sunlight.ledger.ParsedLedger;
import org.sunlight.ledger.TableReader;
import org.sunlight.security.RawXlsx;

/**
 * Property-based fuzzing of the ledger importers (CSV in UTF-8 or GBK, .xlsx) and the ledger
 * parser: random bytes, garbled ledgers, random small workbooks and zip bombs are read into rows
 * or refused with a Chinese reason; parsed rows give a ledger whose every problem names its row
 * and says what is wrong. Never an exception, never a hang. {@code -Dfuzz.tries=N} runs longer.
 */
class LedgerImportFuzzTest {

    private static final Charset GBK = Charset.forName("GBK");
    private final TableReader reader = new TableReader();
    private final LedgerParser parser = new LedgerParser();

    private void readAndParse(String fileName, byte[] content) {
        TableReader.Result result = reader.read(fileName, content);
        if (result.error() != null) {
            assertThat(result.error()).isNotBlank().containsPattern("\\p{IsHan}");
            assertThat(result.rows()).isEmpty();
            return;
        }
        ParsedLedger ledger = parser.parse(result.rows());
        for (LedgerProblem problem : ledger.problems()) {
            assertThat(problem.message()).isNotBlank();
            assertThat(problem.describe()).containsPattern("\\p{IsHan}");
        }
    }

    @Property
    void randomBytesAreReadOrRefused(@ForAll @Size(max = 2000) byte[] content,
                                     @ForAll("fileNames") String fileName) {
        readAndParse(fileName, content);
    }

    @Property
    void garbledLedgersInGbkOrUtf8AreParsedIntoProblemsNotExceptions(@ForAll("ledgerLines") List<String> lines,
                                                                      @ForAll boolean gbk) {
        byte[] content = String.join("\r\n", lines).getBytes(gbk ? GBK : StandardCharsets.UTF_8);
        readAndParse("ledger.csv", content);
    }

    @Property
    void garbledLedgersAsXlsxAreParsedIntoProblemsNotExceptions(@ForAll("ledgerLines") List<String> lines) {
        readAndParse("ledger.xlsx", LedgerFiles.xlsx(lines.stream().map(line -> line.replace("\"", ""))
                .toArray(String[]::new)));
    }

    @Property(tries = 50)
    void randomSheetXmlAndTruncatedOrBombedWorkbooksAreRefusedCleanly(@ForAll("sheetData") String sheetData,
                                                                       @ForAll("cuts") int cut) {
        byte[] workbook = RawXlsx.withSheetData(sheetData);
        readAndParse("random.xlsx", workbook);
        readAndParse("cut.xlsx", java.util.Arrays.copyOf(workbook, Math.min(workbook.length, cut)));
        readAndParse("raw.xlsx", RawXlsx.withSheetXml(sheetData.getBytes(StandardCharsets.UTF_8)));
    }

    @Property(tries = 3)
    void zipBombsAreRefusedBeforeInflating(@ForAll("bombSizes") long inflated) {
        TableReader.Result result = reader.read("bomb.xlsx", RawXlsx.bomb(inflated));
        assertThat(result.error()).contains("解压后过大");
    }

    @Provide
    Arbitrary<String> fileNames() {
        return Arbitraries.of("ledger.csv", "ledger.xlsx", "台账.CSV", "ledger.txt", "", "ledger.pdf");
    }

    @Provide
    Arbitrary<Integer> cuts() {
        return Arbitraries.integers().between(0, 2000);
    }

    @Provide
    Arbitrary<Long> bombSizes() {
        return Arbitraries.longs().between(70L * 1024 * 1024, 150L * 1024 * 1024);
    }

    @Provide
    Arbitrary<List<String>> ledgerLines() {
        Arbitrary<String> keyword = Arbitraries.of("台账类型", "公共收益", "期间", "2026Q1", "期初余额", "期末余额",
                "类型", "类别", "日期", "金额", "说明", "凭证号", "已向社区报告", "收入", "支出", "停车", "维修", "是", "否",
                "2026-01-31", "2026/2/30", "46000", "1e3", "-5", "１２３", "1,234.567", "¥1,234.50", "=SUM(A1:A3)",
                "12000.00", "", "\"", "\"\"", "\u0000", "\uFEFF", "😀", "\r", "'; DROP TABLE ledger_entry; --");
        Arbitrary<String> cell = Arbitraries.oneOf(keyword, Arbitraries.strings().ofMaxLength(12));
        Arbitrary<String> line = cell.list().ofMaxSize(9).map(cells -> String.join(",", cells));
        Arbitrary<List<String>> prefix = Arbitraries.just(List.of(LedgerFiles.quarter2026Q1()));
        return Combinators.combine(prefix, line.list().ofMaxSize(12), Arbitraries.integers().between(0, 12))
                .as((good, noise, keep) -> {
                    List<String> lines = new java.util.ArrayList<>(good.subList(0, Math.min(keep, good.size())));
                    lines.addAll(noise);
                    return lines;
                });
    }

    @Provide
    Arbitrary<String> sheetData() {
        Arbitrary<String> text = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(15)
                .map(value -> value.replace("<", "&lt;").replace("&", "&amp;"));
        Arbitrary<String> cell = Arbitraries.oneOf(
                text.map(value -> "<c t=\"inlineStr\"><is><t>" + value + "</t></is></c>"),
                text.map(value -> "<c><v>" + value + "</v></c>"),
                text.map(value -> "<c t=\"s\"><v>" + value + "</v></c>"),
                text.map(value -> "<c><f>" + value + "</f></c>"),
                text.map(value -> "<c r=\"" + value + "\"/>"),
                Arbitraries.strings().ofMaxLength(10));
        Arbitrary<String> row = Combinators.combine(Arbitraries.integers().between(-2, 1_100_000),
                cell.list().ofMaxSize(5)).as((number, cells) -> "<row r=\"" + number + "\">"
                + String.join("", cells) + "</row>");
        return row.list().ofMaxSize(8).map(rows -> String.join("", rows));
    }

}
