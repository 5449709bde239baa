package org.sunlight.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AmountsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0|0", "1|100", "1.5|150", "1.05|105", "1234.50|123450", "1,234.50|123450",
        "1,000,000|100000000", " 12.30 |1230"
    })
    void readsYuanIntoFen(String text, long fen) {
        assertThat(Amounts.parseFen(text)).isEqualTo(fen);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e3", "-5", "１２３", "1,234.567", "12,34.00", "1.2.3", "abc", "", " ", "1,2345",
        "NaN", "Infinity", "0x10", "+5", "99999999999999999", "¥1,234.50", "￥ 99", "$5"})
    void refusesAmountsThatCouldBeMisread(String text) {
        assertThatThrownBy(() -> Amounts.parseFen(text)).isInstanceOf(AmountFormatException.class)
                .hasMessageContaining("金额");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"1,234.567|最多两位小数", "-5|负数", "１２３|全角", "¥1,234.50|不要带货币符号"})
    void namesWhatIsWrongInChinese(String text, String expected) {
        assertThatThrownBy(() -> Amounts.parseFen(text)).hasMessageContaining(expected);
    }
}
