package org.sunlight.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

import org.jdbi.v3.core.Jdbi;

/**
 * Bulk data for the benchmarks, written with prepared batches in one transaction per table so a
 * million questions take seconds, not minutes, in SQL that SQLite and PostgreSQL both accept.
 * Complexes join the demo town {@code qingshan}, so the demo town officer sees all of them on the
 * dashboard.
 */
public final class DataSet {

    public static final String PERIOD = "2026Q1";
    private static final int BATCH = 1_000;

    private final Jdbi jdbi;

    public DataSet(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Adds {@code count} complexes in communities of 25, each with an owners' group on the sandbox. */
    public void complexes(int count) throws SQLException {
        jdbi.useTransaction(handle -> {
            Connection connection = handle.getConnection();
            long town = handle.createQuery("SELECT id FROM town WHERE code = 'qingshan'").mapTo(Long.class).one();
            int communities = (count + 24) / 25;
            try (PreparedStatement community = connection.prepareStatement(
                    "INSERT INTO community (town_id, code, name) VALUES (?, ?, ?)");
                 PreparedStatement complex = connection.prepareStatement("INSERT INTO complex (community_id, code, name, "
                         + "households, fund_first_deposit_fen) VALUES ((SELECT id FROM community WHERE code = ?), ?, ?, ?, ?)");
                 PreparedStatement binding = connection.prepareStatement("INSERT INTO channel_binding (scope, scope_id, "
                         + "purpose, channel, target) VALUES ('complex', (SELECT id FROM complex WHERE code = ?), "
                         + "'owners', 'sandbox', ?)")) {
                for (int c = 0; c < communities; c++) {
                    community.setLong(1, town);
                    community.setString(2, "bench-c" + c);
                    community.setString(3, "基准社区" + c);
                    community.addBatch();
                }
                community.executeBatch();
                for (int i = 0; i < count; i++) {
                    complex.setString(1, "bench-c" + (i / 25));
                    complex.setString(2, complexCode(i));
                    complex.setString(3, "基准小区" + i);
                    complex.setInt(4, 300 + i % 700);
                    complex.setLong(5, 50_000_000L);
                    complex.addBatch();
                    binding.setString(1, complexCode(i));
                    binding.setString(2, "bench-owners-" + i);
                    binding.addBatch();
                    if (i % BATCH == BATCH - 1) {
                        complex.executeBatch();
                        binding.executeBatch();
                    }
                }
                complex.executeBatch();
                binding.executeBatch();
            }
        });
    }

    /** How many registered owners send the callbacks of goal 1 (CallbackPayloads' senders staff-0 …). */
    public static final int ASKERS = 50;

    /**
     * The deployment every bench service loads: the bundled demo plus the callback senders as owners
     * of the demo complex jinxiu, known to the WeCom app by their user ids, so each "提问 …" they send
     * becomes a question (with its escalation item, audit entry and reply) as an owner's would. People
     * must be in the file: a load takes away the roles of anyone it does not name. Written once into
     * {@code directory}; returns its path.
     */
    public static String deployment(Path directory) {
        Path file = directory.resolve("bench-deployment.yml");
        try (InputStream demo = DataSet.class.getClassLoader().getResourceAsStream("demo/deployment.yml")) {
            if (demo == null) {
                throw new IllegalStateException("the demo deployment is not on the classpath");
            }
            StringBuilder yaml = new StringBuilder(new String(demo.readAllBytes(), StandardCharsets.UTF_8).stripTrailing())
                    .append("\n  # The benchmark's callback senders (goal 1)\n");
            for (int i = 0; i < ASKERS; i++) {
                yaml.append("  - {code: bench-asker-").append(i).append(", name: 基准业主").append(i)
                        .append(", household: 9-1-").append(101 + i).append(", identities: {wecom-app: staff-")
                        .append(i).append("}, roles: [{role: owner, complex: jinxiu}]}\n");
            }
            Files.createDirectories(directory);
            Files.writeString(file, yaml, StandardCharsets.UTF_8);
            return file.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the bench deployment into " + directory, e);
        }
    }

    public static String complexCode(int index) {
        return "bench-" + index;
    }

    /** Files a public-revenue ledger for {@link #PERIOD} in every bench complex: {@code lines} entries each. */
    public void ledgers(int count, int lines, Instant filedAt) throws SQLException {
        jdbi.useTransaction(handle -> {
            Connection connection = handle.getConnection();
            try (PreparedStatement period = connection.prepareStatement("INSERT INTO ledger_period (complex_id, kind, "
                    + "period, opening_balance_fen, filed_at, filed_by) VALUES ((SELECT id FROM complex WHERE code = ?), "
                    + "'public-revenue', ?, ?, ?, 'bench')");
                 PreparedStatement entry = connection.prepareStatement("INSERT INTO ledger_entry (period_id, complex_id, "
                         + "kind, line_no, direction, category, entry_date, amount_fen, description, voucher, reported, "
                         + "fingerprint, created_at, created_by) SELECT p.id, p.complex_id, 'public-revenue', ?, ?, ?, ?, "
                         + "?, ?, ?, 0, ?, ?, 'bench' FROM ledger_period p JOIN complex c ON c.id = p.complex_id "
                         + "WHERE c.code = ? AND p.kind = 'public-revenue' AND p.period = ?")) {
                for (int i = 0; i < count; i++) {
                    period.setString(1, complexCode(i));
                    period.setString(2, PERIOD);
                    period.setLong(3, 1_000_000L + i);
                    period.setLong(4, filedAt.toEpochMilli());
                    period.addBatch();
                    if (i % BATCH == BATCH - 1) {
                        period.executeBatch();
                    }
                }
                period.executeBatch();
                String[] income = {"停车费", "广告费", "场地租金"};
                String[] spending = {"绿化维护", "电梯维修", "公共照明"};
                int pending = 0;
                for (int i = 0; i < count; i++) {
                    for (int line = 1; line <= lines; line++) {
                        boolean in = line % 2 == 1;
                        entry.setInt(1, line);
                        entry.setString(2, in ? "income" : "spending");
                        entry.setString(3, in ? income[line % 3] : spending[line % 3]);
                        entry.setString(4, "2026-0" + (1 + line % 3) + "-1" + (line % 9));
                        entry.setLong(5, 10_000L + 137L * line + i);
                        entry.setString(6, "第" + line + "笔");
                        entry.setString(7, "V" + line);
                        entry.setString(8, "bench:" + i + ":" + line);
                        entry.setLong(9, filedAt.toEpochMilli());
                        entry.setString(10, complexCode(i));
                        entry.setString(11, PERIOD);
                        entry.addBatch();
                        if (++pending == BATCH) {
                            entry.executeBatch();
                            pending = 0;
                        }
                    }
                }
                entry.executeBatch();
            }
        });
    }

    /**
     * Adds {@code total} owners' questions with their ladder items spread over the bench complexes;
     * {@code overdue} of them are past their complex-tier deadline at {@code now}, the rest due in a month.
     * Numbers continue per complex from {@code firstNumber}.
     */
    public void questions(int complexes, int total, int overdue, Instant now, int firstNumber)
            throws SQLException {
        long nowMillis = now.toEpochMilli();
        jdbi.useTransaction(handle -> {
            Connection connection = handle.getConnection();
            long firstComplex = handle.createQuery("SELECT id FROM complex WHERE code = :code")
                    .bind("code", complexCode(0)).mapTo(Long.class).one();
            long nextItem = handle.createQuery("SELECT coalesce(max(id), 0) + 1 FROM escalation_item")
                    .mapTo(Long.class).one();
            long nextQuestion = handle.createQuery("SELECT coalesce(max(id), 0) + 1 FROM question")
                    .mapTo(Long.class).one();
            try (PreparedStatement item = connection.prepareStatement("INSERT INTO escalation_item (id, complex_id, kind, "
                    + "subject_ref, title, detail, tier, state, opened_at, tier_received_at, due_at) "
                    + "VALUES (?, ?, 'question', ?, ?, ?, 0, 'open', ?, ?, ?)");
                 PreparedStatement question = connection.prepareStatement("INSERT INTO question (id, complex_id, number, "
                         + "item_id, asker, asker_name, household, channel, target, is_group, text, asked_at, "
                         + "answer_due_at) VALUES (?, ?, ?, ?, ?, '业主', '1-1-101', 'sandbox', ?, 1, ?, ?, ?)")) {
                // Overdue ones are spread evenly through the insertion order, so they are not all on one page.
                int every = overdue == 0 ? Integer.MAX_VALUE : Math.max(1, total / overdue);
                int made = 0;
                for (int i = 0; i < total; i++) {
                    long id = nextItem + i;
                    long complexId = firstComplex + (i % complexes);
                    boolean late = made < overdue && i % every == 0;
                    if (late) {
                        made++;
                    }
                    long opened = late ? nowMillis - 10L * 86_400_000L : nowMillis - 3_600_000L;
                    long due = late ? nowMillis - 3_600_000L : nowMillis + 30L * 86_400_000L;
                    String text = "请问第" + i + "号问题：公共收益的停车费去哪了？";
                    item.setLong(1, id);
                    item.setLong(2, complexId);
                    item.setString(3, "question:" + id);
                    item.setString(4, "业主提问");
                    item.setString(5, text);
                    item.setLong(6, opened);
                    item.setLong(7, opened);
                    item.setLong(8, due);
                    item.addBatch();
                    question.setLong(1, nextQuestion + i);
                    question.setLong(2, complexId);
                    question.setInt(3, firstNumber + i / complexes);
                    question.setLong(4, id);
                    question.setString(5, "owner-" + i);
                    question.setString(6, "bench-owners-" + (complexId - firstComplex));
                    question.setString(7, text);
                    question.setLong(8, opened);
                    question.setLong(9, due);
                    question.addBatch();
                    if (i % BATCH == BATCH - 1) {
                        item.executeBatch();
                        question.executeBatch();
                    }
                }
                item.executeBatch();
                question.executeBatch();
            }
            // What QuestionService counts when a question is asked (the league tables read it).
            handle.createUpdate("INSERT INTO complex_question_stats (complex_id, asked) SELECT complex_id, count(*) "
                            + "FROM question WHERE id >= :first GROUP BY complex_id ON CONFLICT (complex_id) "
                            + "DO UPDATE SET asked = complex_question_stats.asked + excluded.asked")
                    .bind("first", nextQuestion).execute();
            if ("PostgreSQL".equals(connection.getMetaData().getDatabaseProductName())) {
                // Explicit ids leave PostgreSQL's identity sequences behind (SQLite has none): without this the
                // service's next question or item would collide with a generated one.
                for (String table : new String[] {"escalation_item", "question"}) {
                    handle.createQuery("SELECT setval(pg_get_serial_sequence('" + table + "', 'id'), "
                            + "(SELECT max(id) FROM " + table + "))").mapTo(Long.class).one();
                }
            }
        });
    }
}
