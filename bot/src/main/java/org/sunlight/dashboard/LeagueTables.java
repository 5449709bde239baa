package org.sunlight.dashboard;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;
import org.sunlight.escalation.LadderVersion;
import org.sunlight.escalation.Officer;
import org.sunlight.web.PageNumbers;

/**
 * League tables per complex in an officer's scope, computed in SQL: overdue items (open,
 * unanswered, past a deadline now or before they climbed), the median time to a first answer in
 * working days (from the day asked to the day answered; 0 = the same day), and the share of
 * questions answered by the complex's deadline among those answered or already due. Question
 * counts and answer times come from the figures {@code QuestionFigures} keeps per complex, so no
 * page reads every question. Thread-safe.
 */
public final class LeagueTables {

    /** Widest bar of the chart, in SVG units. */
    static final int BAR_WIDTH = 300;
    /** Complexes on one page of the table. */
    public static final int PAGE_SIZE = 50;
    /** Complexes in the chart: the most overdue. */
    public static final int CHART_ROWS = 20;

    private final Jdbi jdbi;
    private final LadderVersion version;
    private final Clock clock;

    public LeagueTables(Jdbi jdbi, LadderVersion version, Clock clock) {
        this.jdbi = jdbi;
        this.version = version;
        this.clock = clock;
    }

    /** One complex's line. {@code medianDays} is empty and {@code onTimePercent} -1 when there is nothing to measure. */
    public record Row(String complexCode, String complexName, String communityName, int overdue, int questions,
                      int answered, String medianDays, int onTimePercent) {
    }

    /** How the table is ordered; each puts the worst complexes first. */
    public enum Sort {
        OVERDUE("overdue", "overdue DESC, c.code"),
        ON_TIME("on-time", "due = 0, 1.0 * on_time / CASE WHEN due = 0 THEN 1 ELSE due END, c.code"),
        MEDIAN("median", "median IS NULL, median DESC, c.code");

        private final String code;
        private final String orderBy;

        Sort(String code, String orderBy) {
            this.code = code;
            this.orderBy = orderBy;
        }

        public String code() {
            return code;
        }

        /** The sort a request names; anything else (or nothing) is by overdue items. */
        public static Sort fromCode(String code) {
            for (Sort sort : values()) {
                if (sort.code.equals(code)) {
                    return sort;
                }
            }
            return OVERDUE;
        }
    }

    /** One page of the table: rows, complexes in scope, page number (from 1), page size and sort. */
    public record Page(List<Row> rows, long total, int number, int size, Sort sort) implements PageNumbers {
    }

    /** Page {@code number} (from 1; past the end gives the last page) of the table in {@code sort} order. */
    public Page page(Officer officer, Sort sort, int number) {
        // Every page ranks every complex in scope; a page is reused while nothing on the ladder
        // changes (and within the minute), so reloading or paging back costs one small query.
        return version.cached("league-page|" + officer.scope() + "|" + sort + "|" + number,
                () -> compute(officer, sort, number));
    }

    private Page compute(Officer officer, Sort sort, int number) {
        long now = clock.millis();
        return jdbi.withHandle(handle -> {
            long total = handle.createQuery("SELECT count(*) FROM complex c JOIN community m ON m.id = c.community_id "
                    + "WHERE " + scope(officer)).mapTo(Long.class).one();
            int pages = (int) Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE);
            int page = Math.min(Math.max(1, number), pages);
            List<Row> rows = query(handle.createQuery(sql(officer, sort) + " LIMIT :limit OFFSET :offset"), now)
                    .bind("limit", PAGE_SIZE).bind("offset", (long) (page - 1) * PAGE_SIZE).map(row()).list();
            return new Page(rows, total, page, PAGE_SIZE, sort);
        });
    }

    /**
     * The {@link #CHART_ROWS} worst complexes in scope by one measure, for that measure's chart: the
     * top of the given page when it is the first page in that order (no second query), else read.
     */
    public List<Row> top(Officer officer, Sort sort, Page shown) {
        if (shown.sort() == sort && shown.number() == 1) {
            return shown.rows().subList(0, Math.min(CHART_ROWS, shown.rows().size()));
        }
        return version.cached("league-top|" + officer.scope() + "|" + sort, () -> jdbi.withHandle(handle ->
                query(handle.createQuery(sql(officer, sort) + " LIMIT :limit"), clock.millis())
                        .bind("limit", CHART_ROWS).map(row()).list()));
    }

    /** Every complex in scope in {@code sort} order, streamed from the database (for the CSV export). */
    public void forEach(Officer officer, Sort sort, Consumer<Row> each) {
        long now = clock.millis();
        jdbi.useHandle(handle -> {
            try (Stream<Row> rows = query(handle.createQuery(sql(officer, sort)), now).setFetchSize(500).map(row())
                    .stream()) {
                rows.forEach(each);
            }
        });
    }

    /** The first page in the default order. */
    public List<Row> rows(Officer officer) {
        return page(officer, Sort.OVERDUE, 1).rows();
    }

    private static String scope(Officer officer) {
        return officer.scope().sql("c.id", "c.community_id", "m.town_id");
    }

    private static Query query(Query query, long now) {
        return query.bind("now", now);
    }

    private static String sql(Officer officer, Sort sort) {
        // Counts: overdue items from two index ranges (items that missed a deadline; items past their
        // current one), disjoint by missed_deadlines, and unanswered questions past their deadline
        // (partial index), in one compound so SQLite plans each arm on its own index instead of
        // walking every question in complex order to group it. Middle: from the per-complex
        // histogram of working days, the bucket(s) holding the middle position(s) — (n + 1) / 2 and
        // (n + 2) / 2 — averaged.
        return "WITH counts AS (SELECT complex_id, sum(overdue) AS overdue, sum(late) AS late FROM ("
                + "SELECT complex_id, 1 AS overdue, 0 AS late FROM escalation_item WHERE state = 'open' "
                + "AND answered_at IS NULL AND missed_deadlines > 0 "
                + "UNION ALL SELECT complex_id, 1, 0 FROM escalation_item WHERE state = 'open' AND due_at <= :now "
                + "AND answered_at IS NULL AND missed_deadlines = 0 "
                + "UNION ALL SELECT complex_id, 0, 1 FROM question WHERE first_answered_at IS NULL "
                + "AND answer_due_at <= :now) o GROUP BY complex_id), "
                + "middle AS (SELECT complex_id, avg(working_days) AS days FROM (SELECT complex_id, working_days, "
                + "answered, sum(answered) OVER (PARTITION BY complex_id ORDER BY working_days) AS upto, "
                + "sum(answered) OVER (PARTITION BY complex_id) AS n FROM complex_answer_days) h "
                + "WHERE upto >= (n + 1) / 2 AND upto - answered < (n + 2) / 2 GROUP BY complex_id), "
                + "lines AS (SELECT c.id, c.code, c.name, m.name AS community_name, coalesce(o.overdue, 0) AS overdue, "
                + "coalesce(s.asked, 0) AS asked, coalesce(s.answered, 0) AS answered, "
                + "coalesce(s.answered_on_time, 0) AS on_time, coalesce(s.answered, 0) + coalesce(o.late, 0) AS due, "
                + "d.days AS median FROM complex c JOIN community m ON m.id = c.community_id "
                + "LEFT JOIN counts o ON o.complex_id = c.id LEFT JOIN complex_question_stats s ON s.complex_id = c.id "
                + "LEFT JOIN middle d ON d.complex_id = c.id WHERE " + scope(officer) + ") "
                + "SELECT * FROM lines c ORDER BY " + sort.orderBy;
    }

    private static RowMapper<Row> row() {
        return (resultSet, context) -> {
            int due = resultSet.getInt("due");
            double median = resultSet.getDouble("median");
            boolean noMedian = resultSet.wasNull();
            return new Row(resultSet.getString("code"), resultSet.getString("name"),
                    resultSet.getString("community_name"), resultSet.getInt("overdue"), resultSet.getInt("asked"),
                    resultSet.getInt("answered"), noMedian ? "" : days(median),
                    due == 0 ? -1 : Math.round(100f * resultSet.getInt("on_time") / due));
        };
    }

    /** 2.0 → "2", 2.5 → "2.5" (a median of whole days is whole or a half). */
    static String days(double median) {
        return median == Math.rint(median) ? Long.toString(Math.round(median))
                : String.format(Locale.ROOT, "%.1f", median);
    }
}
