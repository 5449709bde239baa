package org.sunlight.money;

import java.util.regex.Pattern;

/**
 * Parses amounts written by people (yuan, e.g. {@code 1,234.50}) into fen. Strict on purpose:
 * an amount that could be read two ways is refused rather than guessed.
 */
public final class Amounts {

    private static final Pattern PLAIN = Pattern.compile("\\d{1,13}(\\.\\d{1,2})?");
    private static final Pattern GROUPED = Pattern.compile("\\d{1,3}(,\\d{3}){1,4}(\\.\\d{1,2})?");

    private Amounts() {
    }

    /**
     * Returns the amount in fen. Accepts thousands separators in the right places and at most two
     * decimals. A currency sign is refused, not stripped: a ledger column holds numbers in yuan, and a
     * cell typed as {@code ¥…} or {@code $…} is more likely pasted from somewhere else than meant.
     * Zero is allowed here; callers decide whether it is valid.
     *
     * @throws AmountFormatException naming what is wrong, in Chinese, for people to read
     */
    public static long parseFen(String text) {
        if (text == null || text.isBlank()) {
            throw new AmountFormatException("金额为空");
        }
        String trimmed = text.strip();
        if (trimmed.chars().anyMatch(character -> Character.getType(character) == Character.CURRENCY_SYMBOL)) {
            throw new AmountFormatException("金额请只写数字，不要带货币符号（如 1234.50 或 1,234.50）：" + text);
        }
        if (trimmed.startsWith("-")) {
            throw new AmountFormatException("金额不能为负数：" + text);
        }
        for (int i = 0; i < trimmed.length(); i++) {
            char character = trimmed.charAt(i);
            if (character >= '０' && character <= '９') {
                throw new AmountFormatException("金额含全角数字，请用半角数字：" + text);
            }
        }
        if (!PLAIN.matcher(trimmed).matches() && !GROUPED.matcher(trimmed).matches()) {
            if (trimmed.matches("[\\d,]*\\.\\d{3,}")) {
                throw new AmountFormatException("金额最多两位小数：" + text);
            }
            throw new AmountFormatException("金额格式不正确（示例：1234.50 或 1,234.50）：" + text);
        }
        String digits = trimmed.replace(",", "");
        int dot = digits.indexOf('.');
        long yuan = Long.parseLong(dot < 0 ? digits : digits.substring(0, dot));
        long cents = 0;
        if (dot >= 0) {
            String fraction = digits.substring(dot + 1);
            cents = Long.parseLong(fraction.length() == 1 ? fraction + "0" : fraction);
        }
        return Math.addExact(Math.multiplyExact(yuan, 100), cents);
    }

    /** Renders fen as a plain yuan string with two decimals and no grouping, e.g. {@code 1234.50}. */
    public static String toPlainYuan(long fen) {
        String sign = fen < 0 ? "-" : "";
        long absolute = Math.abs(fen);
        return sign + (absolute / 100) + "." + String.format("%02d", absolute % 100);
    }
}
