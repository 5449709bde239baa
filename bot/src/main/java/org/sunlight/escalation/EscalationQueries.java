package org.sunlight.escalation;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.sunlight.registry.ComplexView;
import org.sunlight.registry.Registry;
import org.sunlight.templates.Formats;

/**
 * Officers' queues: items of the complexes an {@link Officer} may see, filtered. Scope is part of
 * every query, so no page can show another community's items. Thread-safe.
 */
public final class EscalationQueries {

    /** Most rows a queue shows (and exports). */
    public static final int MAX_ROWS = 1_000;

    private final Jdbi jdbi;
    private final Registry registry;
    private final Escalations escalations;
    private final Clock clock;

    public EscalationQueries(Jdbi jdbi, Registry registry, Escalations escalations, Clock clock) {
        this.jdbi = jdbi;
        this.registry = registry;
        this.escalations = escalations;
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

    public List<Row> queue(Officer officer, Filter filter) {
        Instant now = clock.instant();
        if (officer.complexIds().isEmpty()) {
            return List.of();
        }
        StringBuilder sql = new StringBuilder("SELECT i.*, c.code AS complex_code, c.name AS complex_name, "
                + "m.name AS community_name, t.name AS town_name FROM escalation_item i "
                + "JOIN complex c ON c.id = i.complex_id JOIN community m ON m.id = c.community_id "
                + "JOIN town t ON t.id = m.town_id WHERE i.complex_id IN (<scope>)");
        if (!filter.town().isEmpty()) {
            sql.append(" AND t.code = :town");
        }
        if (!filter.community().isEmpty()) {
            sql.append(" AND m.code = :community");
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
        if (filter.overdue()) {
            sql.append(" AND i.state = 'open' AND i.answered_at IS NULL AND (i.missed_deadlines > 0 "
                    + "OR i.due_at <= :now)");
        }
        sql.append(" ORDER BY i.tier DESC, i.due_at IS NULL, i.due_at, i.id LIMIT :limit");
        List<Map<String, Object>> extra = new ArrayList<>();
        List<EscalationItem> items = jdbi.withHandle(handle -> {
            Query query = handle.createQuery(sql.toString()).bindList("scope", List.copyOf(officer.complexIds()))
                    .bind("now", now.toEpochMilli()).bind("limit", MAX_ROWS);
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
            return query.map((resultSet, context) -> {
                extra.add(Map.of("complexCode", resultSet.getString("complex_code"),
                        "complexName", resultSet.getString("complex_name"),
                        "communityName", resultSet.getString("community_name"),
                        "townName", resultSet.getString("town_name")));
                return context.findRowMapperFor(EscalationItem.class).orElseThrow().map(resultSet, context);
            }).list();
        });
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            EscalationItem item = items.get(i);
            Map<String, Object> names = extra.get(i);
            rows.add(new Row(item, (String) names.get("complexCode"), (String) names.get("complexName"),
                    (String) names.get("communityName"), (String) names.get("townName"),
                    item.currentTier().label(), item.stateLabel(now), item.overdue(now),
                    item.dueAt() == null ? "" : Escalations.dueDay(item.dueAt()), Formats.dateTime(item.openedAt()),
                    escalations.age(item, now)));
        }
        return rows;
    }

    /** The complexes the officer may see, for the filter menus. */
    public List<ComplexView> complexes(Officer officer) {
        return registry.complexes().stream().filter(view -> officer.sees(view.complex().id())).toList();
    }

    /** The kinds of item the ladder carries, for the filter menu. */
    public List<String> kinds() {
        return List.of("question", "missed-disclosure");
    }
}
