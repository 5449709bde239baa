package org.sunlight.ledger;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.sunlight.money.Amounts;

/**
 * The checks that need what is already recorded: period complete, not filed twice, opening
 * balance equals the previous closing balance, totals add up, no entry recorded twice, large
 * items reported beforehand, fund balance above the top-up line. Stateless.
 */
public final class LedgerChecks {

    /**
     * What the checks need to know about the complex.
     *
     * @param previousClosingFen the closing balance of the previous filed period of this kind, if any
     * @param alreadyFiled       whether this period was filed before (refused except for the fund)
     */
    public record Context(LocalDate today, Long previousClosingFen, boolean alreadyFiled, Set<String> storedFingerprints,
                          long largeItemThresholdFen, int topUpPercent, long fundFirstDepositFen) {
    }

    public ParsedLedger check(ParsedLedger ledger, Context context) {
        if (ledger.kind() == null || ledger.period() == null) {
            return ledger;
        }
        List<LedgerProblem> problems = new ArrayList<>();
        List<LedgerProblem> warnings = new ArrayList<>();
        LedgerKind kind = ledger.kind();
        Period period = ledger.period();
        int periodRow = ledger.keyRow(LedgerFormat.PERIOD_KEY);
        if (kind != LedgerKind.FUND && !period.last().isBefore(context.today())) {
            problems.add(new LedgerProblem(periodRow, LedgerFormat.PERIOD_KEY, period.label() + "尚未结束（"
                    + period.last() + " 结束），整期结束后再提交"));
        }
        if (ledger.supplement() && !context.alreadyFiled()) {
            problems.add(new LedgerProblem(periodRow, LedgerFormat.PERIOD_KEY, period.label() + "的" + kind.label()
                    + "台账还没有提交，不能补录；请上传整期台账"));
        }
        if (kind != LedgerKind.FUND && context.alreadyFiled() && !ledger.supplement()) {
            problems.add(new LedgerProblem(periodRow, LedgerFormat.PERIOD_KEY, period.label() + "的" + kind.label()
                    + "台账已经提交过；如有错误请发送“更正 编号 原因”冲正"));
        }
        for (LedgerLine line : ledger.lines()) {
            if (context.storedFingerprints().contains(line.fingerprint(kind, period))) {
                problems.add(new LedgerProblem(line.row(), "", "这一笔已经记录过，同一笔不能记两次"));
            }
            if (kind == LedgerKind.FUND && line.date() != null && line.date().isAfter(context.today())) {
                problems.add(new LedgerProblem(line.row(), "日期", "支取日期 " + line.date() + " 还没到"));
            }
            if (line.outgoing() && kind != LedgerKind.UTILITY && line.amountFen() >= context.largeItemThresholdFen()
                    && !line.reported()) {
                warnings.add(new LedgerProblem(line.row(), "已向社区报告", "大额支出 "
                        + Amounts.toPlainYuan(line.amountFen()) + " 元（达到 "
                        + Amounts.toPlainYuan(context.largeItemThresholdFen())
                        + " 元）未事先向社区报告，将提交社区核查"));
            }
        }
        if (!ledger.problems().isEmpty()) {
            // Totals over rows that could not be read would only repeat those rows' problems.
            return ledger.with(problems, warnings);
        }
        switch (kind) {
            case PUBLIC_REVENUE -> checkPublicRevenue(ledger, context, problems);
            case UTILITY -> checkUtility(ledger, problems);
            case FUND -> checkFund(ledger, context, problems, warnings);
            default -> throw new IllegalStateException();
        }
        return ledger.with(problems, warnings);
    }

    private static void checkPublicRevenue(ParsedLedger ledger, Context context, List<LedgerProblem> problems) {
        if (ledger.supplement() || ledger.openingFen() == null || ledger.closingFen() == null) {
            return;
        }
        if (context.previousClosingFen() != null && !context.previousClosingFen().equals(ledger.openingFen())) {
            problems.add(new LedgerProblem(ledger.keyRow(LedgerFormat.OPENING_KEY), LedgerFormat.OPENING_KEY,
                    "期初余额 " + Amounts.toPlainYuan(ledger.openingFen()) + " 与上期期末余额 "
                            + Amounts.toPlainYuan(context.previousClosingFen()) + " 不一致"));
        }
        long computed = ledger.openingFen() + ledger.sum("income") - ledger.sum("spending");
        if (computed != ledger.closingFen()) {
            problems.add(new LedgerProblem(ledger.keyRow(LedgerFormat.CLOSING_KEY), LedgerFormat.CLOSING_KEY,
                    "合计不符：期初 " + Amounts.toPlainYuan(ledger.openingFen()) + " + 收入 "
                            + Amounts.toPlainYuan(ledger.sum("income")) + " − 支出 "
                            + Amounts.toPlainYuan(ledger.sum("spending")) + " = " + Amounts.toPlainYuan(computed)
                            + "，文件写的是 " + Amounts.toPlainYuan(ledger.closingFen())));
        }
    }

    private static void checkUtility(ParsedLedger ledger, List<LedgerProblem> problems) {
        if (ledger.totalFen() == null) {
            return;
        }
        long sum = ledger.sum("cost");
        if (sum != ledger.totalFen()) {
            problems.add(new LedgerProblem(ledger.keyRow(LedgerFormat.TOTAL_KEY), LedgerFormat.TOTAL_KEY,
                    "合计不符：明细合计 " + Amounts.toPlainYuan(sum) + "，文件写的是 "
                            + Amounts.toPlainYuan(ledger.totalFen())));
        }
    }

    private static void checkFund(ParsedLedger ledger, Context context, List<LedgerProblem> problems,
                                  List<LedgerProblem> warnings) {
        int openingRow = ledger.keyRow(LedgerFormat.FUND_OPENING_KEY);
        Long balance = ledger.openingFen();
        if (context.previousClosingFen() != null) {
            if (balance != null && !balance.equals(context.previousClosingFen())) {
                problems.add(new LedgerProblem(openingRow, LedgerFormat.FUND_OPENING_KEY, "支取前余额 "
                        + Amounts.toPlainYuan(balance) + " 与上次公示的余额 "
                        + Amounts.toPlainYuan(context.previousClosingFen()) + " 不一致"));
                return;
            }
            balance = context.previousClosingFen();
        } else if (balance == null) {
            problems.add(new LedgerProblem(openingRow, LedgerFormat.FUND_OPENING_KEY,
                    "首次录入维修资金支取，必须填写支取前余额"));
            return;
        }
        for (LedgerLine line : ledger.lines()) {
            long expected = balance - line.amountFen();
            if (expected < 0) {
                problems.add(new LedgerProblem(line.row(), "金额", "支取金额超过余额 " + Amounts.toPlainYuan(balance)));
                return;
            }
            if (line.balanceAfterFen() != null && line.balanceAfterFen() != expected) {
                problems.add(new LedgerProblem(line.row(), "支取后余额", "应为 " + Amounts.toPlainYuan(balance)
                        + " − " + Amounts.toPlainYuan(line.amountFen()) + " = " + Amounts.toPlainYuan(expected)
                        + "，文件写的是 " + Amounts.toPlainYuan(line.balanceAfterFen())));
            }
            balance = expected;
        }
        long line = context.fundFirstDepositFen() * context.topUpPercent() / 100;
        if (context.fundFirstDepositFen() > 0 && balance < line) {
            warnings.add(new LedgerProblem(0, "支取后余额", "维修资金余额 " + Amounts.toPlainYuan(balance)
                    + " 元低于首期交存额的 " + context.topUpPercent() + "%（" + Amounts.toPlainYuan(line)
                    + " 元），将提请社区协助制定续交方案"));
        }
    }

    /** The fund balance after the ledger's withdrawals, starting from the given balance. */
    public static long fundBalanceAfter(ParsedLedger ledger, Long previousClosingFen) {
        long balance = previousClosingFen != null ? previousClosingFen
                : ledger.openingFen() == null ? 0 : ledger.openingFen();
        return balance - ledger.sum("withdrawal");
    }
}
