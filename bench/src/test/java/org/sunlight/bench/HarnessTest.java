package org.sunlight.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sunlight.app.Sunlight;
import org.sunlight.escalation.EscalationSweep;
import org.sunlight.storage.DatabaseSettings;
import org.sunlight.storage.PostgresServer;

/** The benchmark harness on tiny data: what it generates is what the goals assume. No timings. */
class HarnessTest {

    private static final Instant NOW = Instant.parse("2026-04-08T02:00:00Z");

    @Test
    void generatedQuestionsAreOverdueExactlyAsAskedAndOneSweepEscalatesThem(@TempDir Path directory)
            throws Exception {
        try (Sunlight sunlight = new Sunlight(Bench.config(directory.resolve("data")), Clock.fixed(NOW,
                ZoneOffset.UTC))) {
            sunlight.loadDeployment();
            DataSet data = new DataSet(sunlight.jdbi());
            data.complexes(30);
            data.ledgers(30, 4, NOW.minusSeconds(86_400));
            data.questions(30, 300, 7, NOW, 1);

            long complexes = sunlight.jdbi().withHandle(handle -> handle.createQuery(
                    "SELECT count(*) FROM complex WHERE code LIKE 'bench-%'").mapTo(Long.class).one());
            long entries = sunlight.jdbi().withHandle(handle -> handle.createQuery(
                    "SELECT count(*) FROM ledger_entry").mapTo(Long.class).one());
            EscalationSweep.Result result = sunlight.escalationSweep().run(NOW);

            assertThat(complexes).isEqualTo(30);
            assertThat(entries).isEqualTo(120);
            assertThat(result.escalated()).isEqualTo(7);
            assertThat(sunlight.escalationSweep().run(NOW).escalated()).isZero();
        }
    }

    @Test
    void generatedQuestionsWorkOnPostgresqlAndLeaveItsIdentitySequencesAhead(@TempDir Path directory)
            throws Exception {
        DatabaseSettings database = PostgresServer.freshDatabase();
        try (Sunlight sunlight = new Sunlight(PostgresGoals.config(database.url(), database.user(),
                directory.resolve("data")), Clock.fixed(NOW, ZoneOffset.UTC))) {
            sunlight.loadDeployment();
            DataSet data = new DataSet(sunlight.jdbi());
            data.complexes(30);
            data.ledgers(30, 4, NOW.minusSeconds(86_400));
            data.questions(30, 300, 7, NOW, 1);

            EscalationSweep.Result result = sunlight.escalationSweep().run(NOW);
            long maxQuestion = sunlight.jdbi().withHandle(handle -> handle.createQuery(
                    "SELECT max(id) FROM question").mapTo(Long.class).one());
            long nextQuestion = sunlight.jdbi().withHandle(handle -> handle.createQuery(
                    "SELECT nextval(pg_get_serial_sequence('question', 'id'))").mapTo(Long.class).one());

            assertThat(result.escalated()).isEqualTo(7);
            assertThat(nextQuestion).isGreaterThan(maxQuestion);
        }
    }

    @Test
    void aGoalMeasuredAgainOnPostgresqlIsListedNextToItsFirstRow() {
        Results results = new Results();
        results.row("2. Quarter close", "< 60 s", "50 s", "met");
        results.row("4. Escalation sweep", "< 2 s", "1 s", "met");
        results.row("1. Callbacks", "≥ 0.5× bare", "0.2×", "missed");

        results.rowNextTo("4. Escalation sweep on PostgreSQL", "< 2 s", "1.5 s", "met");
        results.rowNextTo("1. Callbacks on PostgreSQL", "≥ 0.5× bare", "0.3×", "missed");

        assertThat(results.markdown().lines().filter(line -> line.startsWith("| ")).skip(1)
                .map(line -> line.split(" \\| ")[0].substring(2)).toList())
                .isEqualTo(List.of("2. Quarter close", "4. Escalation sweep", "4. Escalation sweep on PostgreSQL",
                        "1. Callbacks", "1. Callbacks on PostgreSQL"));
    }

    @Test
    void resultsAreWrittenAsJsonAndAMarkdownTable(@TempDir Path directory) throws Exception {
        Results results = new Results();
        results.machine().put("cores", 2);
        results.put("4-sweep", "sweep_seconds_100000", 0.5);
        results.row("4. Escalation sweep", "< 2 s", "0.50 s", "met");

        results.write(directory);

        assertThat(Files.readString(directory.resolve("latest.json"), StandardCharsets.UTF_8))
                .contains("\"sweep_seconds_100000\" : 0.5");
        assertThat(Files.readString(directory.resolve("latest.md"), StandardCharsets.UTF_8))
                .contains("Machine: cores 2").contains("| 4. Escalation sweep | < 2 s | 0.50 s | met |");
    }

    @Test
    void onlyRunsTheNamedGoalsWithTheirPrerequisitesInSuiteOrder() {
        assertThat(Bench.goals("")).containsExactlyElementsOf(Bench.GOALS);
        assertThat(Bench.goals("dashboard")).containsExactly("dashboard");
        assertThat(Bench.goals("dashboard,sweep")).containsExactly("sweep", "dashboard");
        assertThat(Bench.goals("callbacks,delivery")).containsExactly("quarter-close", "delivery", "startup",
                "callbacks");
        assertThat(List.copyOf(Bench.goals(" sweep "))).isEqualTo(List.of("sweep"));
        assertThatThrownBy(() -> Bench.goals("dashbord")).hasMessageContaining("unknown goal dashbord");
    }

    @Test
    void theServiceUsesAClassDataArchiveOnlyIfItWasWrittenAfterTheJar(@TempDir Path directory) throws Exception {
        Path jar = Files.writeString(directory.resolve("sunlight.jar"), "jar");
        Path archive = directory.resolve("sunlight.jsa");
        assertThat(External.archiveCurrent(archive, jar)).isFalse();

        Files.writeString(archive, "archive");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(1_000_000_000_000L));
        Files.setLastModifiedTime(archive, FileTime.fromMillis(1_000_000_060_000L));
        assertThat(External.archiveCurrent(archive, jar)).isTrue();

        Files.setLastModifiedTime(jar, FileTime.fromMillis(1_000_000_120_000L));
        assertThat(External.archiveCurrent(archive, jar)).isFalse();
    }
}
