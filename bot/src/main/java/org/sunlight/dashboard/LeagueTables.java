package org.sunlight.dashboard;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jdbi.v3.core.Jdbi;
import org.sunlight.calendar.WorkingCalendar;
import org.sunlight.escalation.Officer;
import org.sunlight.registry.ComplexView;
import org.sunlight.registry.Registry;

/**
 * League tables per complex in an officer's scope: overdue items (open, unanswered, past a deadline
 * now or before they climbed), the median time to a first answer
 * in working days (from the day asked to the day answered; 0 = the same day), and the share of
 * questions answered by the complex's deadline among those answered or already due. Thread-safe.
 */
public final class LeagueTables {

    /** Widest bar of the chart, in SVG units. */
    static final int BAR_WIDTH = 300;

    private final Jdbi jdbi;
    private final Registry registry;
    private final WorkingCalendar calendar;
    private final Clock clock;

    public LeagueTables(Jdbi jdbi, Registry registry, WorkingCalendar calendar, Clock clock) {
        this.jdbi = jdbi;
        this.registry = registry;
        this.calendar = calendar;
        this.clock = clock;
    }

    /** One complex's line. {@code medianDays} is empty and {@code onTimePercent} -1 when there is nothing to measure. */
    public record Row(String complexCode, String complexName, String communityName, int overdue, int questions,
                      int answered, String medianDays, int onTimePercent, int barWidth) {
    }

    public List<Row> rows(Officer officer) {
        Instant now = clock.instant();
        List<ComplexView> complexes = registry.complexes().stream()
                .filter(view -> officer.sees(view.complex().id())).toList();
        if (complexes.isEmpty()) {
            return List.of();
        }
        List<Long> ids = complexes.stream().map(view -> view.complex().id()).toList();
        Map<Long, Integer> overdue = new HashMap<>();
        Map<Long, List<long[]>> asked = new HashMap<>();
        jdbi.useHandle(handle -> {
            handle.createQuery("SELECT complex_id, count(*) AS n FROM escalation_item WHERE state = 'open' "
                            + "AND answered_at IS NULL AND (missed_deadlines > 0 OR due_at <= :now) "
                            + "AND complex_id IN (<ids>) GROUP BY complex_id")
                    .bind("now", now.toEpochMilli()).bindList("ids", ids).mapToMap()
                    .forEach(row -> overdue.put(((Number) row.get("complex_id")).longValue(),
                            ((Number) row.get("n")).intValue()));
            handle.createQuery("SELECT complex_id, asked_at, answer_due_at, first_answered_at FROM question "
                            + "WHERE complex_id IN (<ids>)").bindList("ids", ids)
                    .map((resultSet, context) -> new long[] {resultSet.getLong(1), resultSet.getLong(2),
                            resultSet.getLong(3), resultSet.getObject(4) == null ? -1 : resultSet.getLong(4)})
                    .forEach(row -> asked.computeIfAbsent(row[0], key -> new ArrayList<>()).add(row));
        });
        int maxOverdue = Math.max(1, overdue.values().stream().mapToInt(Integer::intValue).max().orElse(0));
        List<Row> rows = new ArrayList<>();
        for (ComplexView complex : complexes) {
            long id = complex.complex().id();
            List<long[]> questions = asked.getOrDefault(id, List.of());
            List<Integer> days = new ArrayList<>();
            int due = 0;
            int onTime = 0;
            for (long[] question : questions) {
                boolean answered = question[3] >= 0;
                if (answered) {
                    days.add(calendar.workingDaysBetween(day(question[1]), day(question[3])));
                }
                if (answered || question[2] <= now.toEpochMilli()) {
                    due++;
                    if (answered && question[3] < question[2]) {
                        onTime++;
                    }
                }
            }
            int count = overdue.getOrDefault(id, 0);
            rows.add(new Row(complex.complex().code(), complex.complex().name(), complex.community().name(), count,
                    questions.size(), days.size(), median(days), due == 0 ? -1 : Math.round(100f * onTime / due),
                    Math.round((float) BAR_WIDTH * count / maxOverdue)));
        }
        rows.sort(Comparator.comparingInt(Row::overdue).reversed().thenComparing(Row::complexCode));
        return rows;
    }

    private static LocalDate day(long epochMillis) {
        return LocalDate.ofInstant(Instant.ofEpochMilli(epochMillis), WorkingCalendar.ZONE);
    }

    static String median(List<Integer> values) {
        if (values.isEmpty()) {
            return "";
        }
        List<Integer> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        if (sorted.size() % 2 == 1) {
            return Integer.toString(sorted.get(middle));
        }
        int twice = sorted.get(middle - 1) + sorted.get(middle);
        return twice % 2 == 0 ? Integer.toString(twice / 2) : (twice / 2) + ".5";
    }
}
