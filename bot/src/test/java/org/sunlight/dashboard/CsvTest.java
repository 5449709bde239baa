package org.sunlight.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class CsvTest {

    @Test
    void cellsAFormulaCouldStartWithArePrefixedWithAQuoteAndQuotedWhenNeeded() {
        assertThat(Csv.cell("=1+1")).isEqualTo("'=1+1");
        assertThat(Csv.cell("+86 139")).isEqualTo("'+86 139");
        assertThat(Csv.cell("-5")).isEqualTo("'-5");
        assertThat(Csv.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(Csv.cell("\tx")).isEqualTo("'\tx");
        assertThat(Csv.cell("\rx")).isEqualTo("\"'\rx\"");
        assertThat(Csv.cell("a,\"b\"")).isEqualTo("\"a,\"\"b\"\"\"");
        assertThat(Csv.cell("锦绣花园")).isEqualTo("锦绣花园");
    }

    @Test
    void aFileStartsWithAByteOrderMarkAndEndsRowsWithCrLf() {
        assertThat(Csv.write(List.of(List.of("小区", "数"), List.of("锦绣花园", "2"))))
                .isEqualTo("\uFEFF小区,数\r\n锦绣花园,2\r\n");
    }
}
