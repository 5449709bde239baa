package org.sunlight.escalation;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;
import org.sunlight.templates.Formats;
import org.sunlight.web.PageNumbers;

/**
 * Officers' queues: items of the complexes an {@link Officer} may see, filtered, a page at a time
 * (or all of them, streamed, for the CSV export). Scope is part of every query, so no page can show
 * another community's items. Thread-safe.
 */
public final class EscalationQueries {

    /** Rows on one page of a queue. */
    public static final int PAGE_SIZE = 50;
    /** A filter menu lists every complex in scope only up to this many; beyond, a community must be chosen first. */
    public static final int MAX_COMPLEX_MENU = 200;
    /**
     * Items counted at most: beyond, the page says "more than" and pages stop there (filters narrow
     * the queue). Counting a million open items costs more than a page may.
     */
    public static final int COUNT_LIMIT = 50_000;

    private final Jdbi jdbi;
    private final Escalations escalations;
    private final LadderVersion version;
    private final Clock clock;

    public EscalationQueries(Jdbi jdbi, Escalations escalations, LadderVersion version, Clock clock) {
        this.jdbi = jdbi;
        this.escalations = escalations;
        this.version = version;
        this.clock = clock;
    }

    /**
     * What to show. Empty strings mean "any". {@code state}: empty = not closed, {@code waiting},
     * {@code answered}, {@code resolved}, {@code dismissed}, {@code all}.
     */
    public record Filter(String town, String community, String complex, String kind, String state, Integer tier,
                         boolean overdue) {

        public static Filter openItems() {
            return new Filter("", "", "", "", "", null, false);
        }
    }

    /** One row of a queue. */
    public record Row(EscalationItem item, String complexCode, String complexName, String communityName,
                      String townName, String tierLabel, String stateLabel, boolean overdue, String dueDay,
                      String openedAt, String age) {
    }

    /**
     * One page of a queue: its rows, how many items match in all (at most {@link #COUNT_LIMIT};
     * {@code more} when there are more), and which page (from 1) of how many.
     */
    public record Page(List<Row> rows, long total, boolean more, int number, int size) implements PageNumbers {

        /** Position of the first row on this page, counted from 1 (0 when empty). */
        public long firstPosition() {
            return rows.isEmpty() ? 0 : (long) (number - 1) * size + 1;
        }

        public long lastPosition() {
            return rows.isEmpty() ? 0 : firstPosition() + rows.size() - 1;
        }
    }

    /** A choice in a filter menu. */
    public record Option(String code, String name) {
    }

    /** The filter menus for an officer: towns, communities and (when not too many) complexes in scope. */
    public record Menus(List<Option> towns, List<Option> communities, List<Option> complexes) {
    }

    /**
     * Page {@code number} (from 1; past the end gives the last page) of the queue. Order: highest
     * tier first, then earliest deadline (the most overdue first), then oldest item.
     */
    public Page page(Officer officer, Filter filter, int number) {
        Instant now = clock.instant();
        // Counting reads every matching item; the count is reused while nothing on the ladder changes
        // (and within the minute), so paging through a queue does not count it again.
        long counted = version.cached("queue-count|" + officer.scope() + "|" + filter,
                () -> jdbi.withHandle(handle -> bind(handle.createQuery("SELECT count(*) FROM (SELECT 1 "
                        + from(officer, filter) + " LIMIT :countLimit) counted"), filter, now)
                        .bind("countLimit", COUNT_LIMIT + 1).mapTo(Long.class).one()));
        return jdbi.withHandle(handle -> {
            long total = Math.min(counted, COUNT_LIMIT);
            int pages = (int) Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE);
            int page = Math.min(Math.max(1, number), pages);
            List<Row> rows = bind(handle.createQuery(pageSelect(officer, filter)), filter, now)
                    .bind("limit", PAGE_SIZE).bind("offset", (long) (page - 1) * PAGE_SIZE)
                    .map(rowMapper(now)).list();
            return new Page(rows, total, counted > COUNT_LIMIT, page, PAGE_SIZE);
        });
    }

    /** Every matching row in queue order, streamed from the database (for the CSV export). */
    public void forEach(Officer officer, Filter filter, Consumer<Row> each) {
        Instant now = clock.instant();
        jdbi.useHandle(handle -> {
            try (Stream<Row> rows = bind(handle.createQuery(select(officer, filter)), filter, now)
                    .setFetchSize(500).map(rowMapper(now)).stream()) {
                rows.forEach(each);
            }
        });
    }

    /** The first page's rows: kept for callers that show one screen. */
    public List<Row> queue(Officer officer, Filter filter) {
        return page(officer, filter, 1).rows();
    }

    /**
     * Filter menus. Communities are narrowed to the chosen town; complexes are listed for the
     * chosen community, or for the whole scope when it holds at most {@link #MAX_COMPLEX_MENU}
     * (a town can have thousands: then the menu is empty and the page asks for a community first).
     */
    public Menus menus(Officer officer, Filter filter) {
        String scope = officer.scope().sql("c.id", "c.community_id", "m.town_id");
        String base = " FROM complex c JOIN community m ON m.id = c.community_id JOIN town t ON t.id = m.town_id "
                + "WHERE " + scope;
        return jdbi.withHandle(handle -> {
            List<Option> towns = handle.createQuery("SELECT DISTINCT t.code, t.name" + base + " ORDER BY t.code")
                    .map(option()).list();
            Query communities = handle.createQuery("SELECT DISTINCT m.code, m.name" + base
                    + (filter.town().isEmpty() ? "" : " AND t.code = :town") + " ORDER BY m.code");
            if (!filter.town().isEmpty()) {
                communities.bind("town", filter.town());
            }
            String complexQuery = "SELECT c.code, c.name" + base
                    + (filter.community().isEmpty() ? "" : " AND m.code = :community")
                    + " ORDER BY c.code LIMIT :limit";
            Query complexes = handle.createQuery(complexQuery).bind("limit", MAX_COMPLEX_MENU + 1);
            if (!filter.community().isEmpty()) {
                complexes.bind("community", filter.community());
            }
            List<Option> complexList = complexes.map(option()).list();
            return new Menus(towns, communities.map(option()).list(),
                    complexList.size() > MAX_COMPLEX_MENU ? List.of() : complexList);
        });
    }

    /** The kinds of item the ladder carries, for the filter menu. */
    public List<String> kinds() {
        return List.of("question", "missed-disclosure");
    }

    private static RowMapper<Option> option() {
        return (resultSet, context) -> new Option(resultSet.getString(1), resultSet.getString(2));
    }

    private static String select(Officer officer, Filter filter) {
        return "SELECT i.*, c.code AS complex_code, c.name AS complex_name, m.name AS community_name, "
                + "t.name AS town_name " + from(officer, filter)
                + " ORDER BY i.tier DESC, i.due_at, i.id";
    }

    /**
     * A page: the ids sorted first (narrow rows), then the 50 items read, so an overdue queue of
     * thousands is not sorted with every item's text.
     */
    private static String pageSelect(Officer officer, Filter filter) {
        return "SELECT i.*, c.code AS complex_code, c.name AS complex_name, m.name AS community_name, "
                + "t.name AS town_name FROM (SELECT i.id, i.tier, i.due_at " + from(officer, filter)
                + " ORDER BY i.tier DESC, i.due_at, i.id LIMIT :limit OFFSET :offset) page "
                + "JOIN escalation_item i ON i.id = page.id JOIN complex c ON c.id = i.complex_id "
                + "JOIN community m ON m.id = c.community_id JOIN town t ON t.id = m.town_id "
                + "ORDER BY page.tier DESC, page.due_at, page.id";
    }

    /**
     * The items a filter matches. Shaped for SQLite's planner (see docs/performance.md): overdue
     * items are read from two small index ranges (those that missed a deadline, those past their
     * current one) rather than by walking every open item; a community (scope or filter) is read
     * through its complexes' items (index escalation_complex_queue); a town-wide queue walks the
     * open items in queue order (index escalation_queue) and stops after the page.
     */
    private static String from(Officer officer, Filter filter) {
        StringBuilder sql = new StringBuilder("FROM ");
        if (filter.overdue()) {
            sql.append("(SELECT id FROM escalation_item WHERE state = 'open' AND missed_deadlines > 0 "
                    + "AND answered_at IS NULL UNION ALL SELECT id FROM escalation_item WHERE state = 'open' "
                    + "AND due_at <= :now AND answered_at IS NULL AND missed_deadlines = 0) overdue "
                    + "JOIN escalation_item i ON i.id = overdue.id ");
        } else {
            sql.append("escalation_item i ");
        }
        sql.append("JOIN complex c ON c.id = i.complex_id JOIN community m ON m.id = c.community_id "
                + "JOIN town t ON t.id = m.town_id WHERE ")
                .append(officer.scope().complexSql("i.complex_id", "m.town_id"));
        if (!filter.town().isEmpty()) {
            sql.append(" AND t.code = :town");
        }
        if (!filter.community().isEmpty()) {
            sql.append(" AND i.complex_id IN (SELECT cc.id FROM complex cc "
                    + "JOIN community cm ON cm.id = cc.community_id WHERE cm.code = :community)");
        }
        if (!filter.complex().isEmpty()) {
            sql.append(" AND c.code = :complex");
        }
        if (!filter.kind().isEmpty()) {
            sql.append(" AND i.kind = :kind");
        }
        if (filter.tier() != null) {
            sql.append(" AND i.tier = :tier");
        }
        switch (filter.state()) {
            case "waiting" -> sql.append(" AND i.state = 'open' AND i.answered_at IS NULL");
            case "answered" -> sql.append(" AND i.state = 'open' AND i.answered_at IS NOT NULL");
            case "resolved" -> sql.append(" AND i.state = 'resolved'");
            case "dismissed" -> sql.append(" AND i.state = 'dismissed'");
            case "all" -> { }
            default -> sql.append(" AND i.state = 'open'");
        }
        return sql.toString();
    }

    private static Query bind(Query query, Filter filter, Instant now) {
        if (filter.overdue()) {
            query.bind("now", now.toEpochMilli());
        }
        if (!filter.town().isEmpty()) {
            query.bind("town", filter.town());
        }
        if (!filter.community().isEmpty()) {
            query.bind("community", filter.community());
        }
        if (!filter.complex().isEmpty()) {
            query.bind("complex", filter.complex());
        }
        if (!filter.kind().isEmpty()) {
            query.bind("kind", filter.kind());
        }
        if (filter.tier() != null) {
            query.bind("tier", filter.tier());
        }
        return query;
    }

    private RowMapper<Row> rowMapper(Instant now) {
        return (resultSet, context) -> {
            EscalationItem item = context.findRowMapperFor(EscalationItem.class).orElseThrow().map(resultSet, context);
            return new Row(item, resultSet.getString("complex_code"), resultSet.getString("complex_name"),
                    resultSet.getString("community_name"), resultSet.getString("town_name"),
                    item.currentTier().label(), item.stateLabel(now), item.overdue(now),
                    item.dueAt() == null ? "" : Escalations.dueDay(item.dueAt()), Formats.dateTime(item.openedAt()),
                    escalations.age(item, now));
        };
    }
}
