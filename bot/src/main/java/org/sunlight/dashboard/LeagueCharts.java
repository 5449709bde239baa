package org.sunlight.dashboard;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The league tables as bar charts, one per measure: most overdue items, median working days to a
 * first answer, share answered on time. Each chart lists the worst complexes for its own measure
 * (read in that order by {@link LeagueTables#top}); a complex with nothing to measure is left out
 * of that chart (the table shows "—").
 */
public final class LeagueCharts {

    /** One bar: the complex, the value as shown, and the bar's width in SVG units. */
    public record Bar(String label, String value, int width) {
    }

    /** One chart: its element id, heading, and bars from top to bottom. */
    public record Chart(String id, String title, List<Bar> bars, int height, int barMax) {
    }

    private LeagueCharts() {
    }

    /** The three charts, each from the worst complexes by its own measure. */
    public static List<Chart> of(List<LeagueTables.Row> mostOverdue, List<LeagueTables.Row> slowest,
                                 List<LeagueTables.Row> leastOnTime) {
        List<LeagueTables.Row> overdue = mostOverdue.stream()
                .sorted(Comparator.comparingInt(LeagueTables.Row::overdue).reversed()
                        .thenComparing(LeagueTables.Row::complexCode)).toList();
        List<LeagueTables.Row> answered = slowest.stream().filter(row -> !row.medianDays().isEmpty())
                .sorted(Comparator.comparingDouble(LeagueCharts::median).reversed()
                        .thenComparing(LeagueTables.Row::complexCode)).toList();
        List<LeagueTables.Row> onTime = leastOnTime.stream().filter(row -> row.onTimePercent() >= 0)
                .sorted(Comparator.comparingInt(LeagueTables.Row::onTimePercent)
                        .thenComparing(LeagueTables.Row::complexCode)).toList();
        return List.of(
                chart("overdue-chart", "超期事项最多的小区", overdue, row -> row.overdue(),
                        row -> Integer.toString(row.overdue())),
                chart("median-chart", "答复用时中位数（工作日）", answered, LeagueCharts::median,
                        LeagueTables.Row::medianDays),
                chart("on-time-chart", "按时答复率", onTime, row -> row.onTimePercent(),
                        row -> row.onTimePercent() + "%"));
    }

    private static double median(LeagueTables.Row row) {
        return Double.parseDouble(row.medianDays());
    }

    private static Chart chart(String id, String title, List<LeagueTables.Row> rows,
                               ToDoubleFunction<LeagueTables.Row> measure,
                               Function<LeagueTables.Row, String> shown) {
        double max = Math.max(1, rows.stream().mapToDouble(measure).max().orElse(0));
        List<Bar> bars = new ArrayList<>();
        for (LeagueTables.Row row : rows) {
            bars.add(new Bar(row.complexName(), shown.apply(row),
                    (int) Math.round(LeagueTables.BAR_WIDTH * measure.applyAsDouble(row) / max)));
        }
        return new Chart(id, title, bars, 24 * bars.size() + 8, LeagueTables.BAR_WIDTH);
    }
}
