package org.sunlight.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sunlight.app.Rejected;
import org.sunlight.app.Sunlight;
import org.sunlight.app.TestSunlight;
import org.sunlight.ledger.LedgerFiles;
import org.sunlight.ledger.LedgerService;
import org.sunlight.ledger.TableReader;
import org.sunlight.ledger.UploadLinks;

/**
 * The ledger part of the bad input catalogue not covered by {@code LedgerChecksWithFilesTest}:
 * zip bombs, sheets of millions of rows or columns, formulas without a value, huge and truncated
 * files, GBK and UTF-8 mixed in one file. Each is refused with a Chinese reason and records nothing.
 */
class BadLedgerFilesTest {

    private static final List<String> TABLES = List.of("ledger_period", "ledger_entry", "statement", "audit_log",
            "outbox", "escalation_item");

    @TempDir
    Path directory;

    private Sunlight sunlight;

    @BeforeEach
    void start() {
        sunlight = TestSunlight.create(directory, Clock.fixed(Instant.parse("2026-04-10T02:00:00Z"), ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        sunlight.close();
    }

    private UploadLinks.Link link() {
        long person = sunlight.registry().personByCode("chen-jian").orElseThrow().id();
        long complex = sunlight.registry().complexByCode("jinxiu").orElseThrow().complex().id();
        return sunlight.uploadLinks().verify(sunlight.uploadLinks().issue(person, complex));
    }

    private Map<String, Integer> counts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String table : TABLES) {
            counts.put(table, sunlight.jdbi().withHandle(handle -> handle.createQuery("SELECT count(*) FROM " + table)
                    .mapTo(Integer.class).one()));
        }
        return counts;
    }

    private String refused(String name, byte[] content) {
        Map<String, Integer> before = counts();
        UploadLinks.Link link = link();
        LedgerService.DryRun dryRun = sunlight.ledgers().dryRun(link, name, content);
        assertThat(dryRun.acceptable()).isFalse();
        assertThatThrownBy(() -> sunlight.ledgers().confirm(link, dryRun.uploadId())).isInstanceOf(Rejected.class);
        assertThat(counts()).isEqualTo(before);
        return String.join("\n", dryRun.problems());
    }

    @Test
    void anXlsxZipBombIsRefusedBeforeItIsInflatedIntoMemory() {
        byte[] bomb = RawXlsx.bomb(200L * 1024 * 1024);

        assertThat(bomb.length).isLessThan(TableReader.MAX_BYTES);
        assertThat(refused("bomb.xlsx", bomb)).contains("解压后过大");
    }

    @Test
    void aSheetOfMillionsOfEmptyRowsOrThousandsOfColumnsIsRefused() {
        byte[] rows = RawXlsx.withSheetData("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>台账类型</t></is></c></row>"
                + "<row/>".repeat(100_000));
        assertThat(refused("rows.xlsx", rows)).contains("行数太多");

        StringBuilder wide = new StringBuilder("<row r=\"1\">");
        for (int column = 0; column < 5_000; column++) {
            wide.append("<c t=\"inlineStr\"><is><t>x</t></is></c>");
        }
        assertThat(refused("wide.xlsx", RawXlsx.withSheetData(wide.append("</row>").toString()))).contains("列数太多");
    }

    @Test
    void aFormulaWithoutAStoredResultIsRefusedNamingRowAndColumn() {
        byte[] formula = RawXlsx.withSheetData("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>台账类型</t></is></c>"
                + "<c r=\"B1\" t=\"inlineStr\"><is><t>公共收益</t></is></c></row><row r=\"2\"><c r=\"A2\" t=\"inlineStr\">"
                + "<is><t>期初余额</t></is></c><c r=\"B2\"><f>SUM(C1:C9)</f></c></row>");

        assertThat(refused("formula.xlsx", formula)).contains("第 2 行第 2 列是没有计算结果的公式");
    }

    @Test
    void aTruncatedXlsxAndAFileOverTheSizeLimitAreRefusedAsAWhole() {
        byte[] good = LedgerFiles.xlsx(LedgerFiles.quarter2026Q1());
        byte[] truncated = java.util.Arrays.copyOf(good, good.length / 2);
        assertThat(refused("cut.xlsx", truncated)).contains("Excel 文件已损坏");

        byte[] huge = new byte[TableReader.MAX_BYTES + 1];
        java.util.Arrays.fill(huge, (byte) 'a');
        assertThat(refused("huge.csv", huge)).contains("文件太大");
    }

    @Test
    void aCsvMixingGbkAndUtf8IsReadAsGbkAndRefusedOnItsGarbledHeader() {
        byte[] utf8 = "台账类型,公共收益\r\n".getBytes(StandardCharsets.UTF_8);
        byte[] gbk = "期间,2026Q1\r\n".getBytes(LedgerFiles.GBK);
        byte[] mixed = new byte[utf8.length + gbk.length];
        System.arraycopy(utf8, 0, mixed, 0, utf8.length);
        System.arraycopy(gbk, 0, mixed, utf8.length, gbk.length);

        assertThat(refused("mixed.csv", mixed)).contains("缺少“台账类型”行");
    }

    /** Regression: found by {@code LedgerImportFuzzTest}; files under 8 bytes used to throw (HTTP 500). */
    @Test
    void aFileOfAFewBytesIsRefusedNotAnInternalError() {
        assertThat(refused("tiny.csv", new byte[] {'1'})).contains("缺少");
        assertThat(refused("tiny.xlsx", new byte[] {'P', 'K', 3, 4})).isNotBlank();
    }
}
