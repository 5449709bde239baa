package org.sunlight.ledger;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A ledger read from a file (or form) with every problem found. It may be stored only when
 * {@link #problems()} is empty; {@link #warnings()} are flags that are recorded and shown.
 *
 * @param openingFen   opening balance (public revenue 期初余额, fund 支取前余额); null if absent
 * @param closingFen   declared closing balance (public revenue 期末余额); null if absent
 * @param totalFen     declared total (utility 合计金额); null if absent
 * @param allocation   utility allocation rule (按户均摊 | 按面积)
 * @param households   utility households sharing
 * @param areaCentiM2  utility total area in 0.01 m² (按面积)
 * @param supplement   a 补录 (lines added to an already filed public-revenue period, e.g. after a correction)
 */
public record ParsedLedger(LedgerKind kind, Period period, Long openingFen, Long closingFen, Long totalFen,
                           String allocation, Integer households, Long areaCentiM2, List<LedgerLine> lines,
                           List<LedgerProblem> problems, List<LedgerProblem> warnings,
                           Map<String, Integer> keyRows, boolean supplement) {

    public boolean acceptable() {
        return kind != null && period != null && problems.isEmpty();
    }

    /** The row a header key (e.g. 期初余额) was on, 0 if absent. */
    public int keyRow(String key) {
        return keyRows.getOrDefault(key, 0);
    }

    /** A copy with more problems and warnings (the checks that need the database add theirs). */
    public ParsedLedger with(List<LedgerProblem> moreProblems, List<LedgerProblem> moreWarnings) {
        List<LedgerProblem> allProblems = new ArrayList<>(problems);
        allProblems.addAll(moreProblems);
        allProblems.sort(Comparator.comparingInt(LedgerProblem::row));
        List<LedgerProblem> allWarnings = new ArrayList<>(warnings);
        allWarnings.addAll(moreWarnings);
        return new ParsedLedger(kind, period, openingFen, closingFen, totalFen, allocation, households, areaCentiM2,
                lines, List.copyOf(allProblems), List.copyOf(allWarnings), keyRows, supplement);
    }

    public ParsedLedger withOpening(Long opening) {
        return new ParsedLedger(kind, period, opening, closingFen, totalFen, allocation, households, areaCentiM2,
                lines, problems, warnings, keyRows, supplement);
    }

    public long sum(String direction) {
        return lines.stream().filter(line -> line.direction().equals(direction)).mapToLong(LedgerLine::amountFen).sum();
    }
}
