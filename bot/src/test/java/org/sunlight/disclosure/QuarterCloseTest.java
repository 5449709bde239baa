package org.sunlight.disclosure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import io.javalin.testtools.JavalinTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sunlight.app.Sunlight;
import org.sunlight.app.TestSunlight;
import org.sunlight.ledger.LedgerFiles;
import org.sunlight.ledger.LedgerKind;
import org.sunlight.ledger.LedgerService;
import org.sunlight.ledger.Period;
import org.sunlight.ledger.UploadLinks;
import org.sunlight.registry.ComplexView;

/** Publishing a whole close in batches keeps every publication's statement, audit entry, messages and chart. */
class QuarterCloseTest {

    private static final Period Q1 = Period.quarter(2026, 1);

    @TempDir
    Path directory;

    private static void fileQuarter(Sunlight sunlight, String complexCode, String personCode) {
        long person = sunlight.registry().personByCode(personCode).orElseThrow().id();
        long complex = sunlight.registry().complexByCode(complexCode).orElseThrow().complex().id();
        UploadLinks.Link link = sunlight.uploadLinks().verify(sunlight.uploadLinks().issue(person, complex));
        LedgerService.DryRun dryRun = sunlight.ledgers().dryRun(link, "2026Q1.xlsx",
                LedgerFiles.xlsx(LedgerFiles.quarter2026Q1()));
        assertThat(dryRun.problems()).isEmpty();
        sunlight.ledgers().confirm(link, dryRun.uploadId());
    }

    private static byte[] bytes(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofByteArray()).body();
    }

    private static int count(Sunlight sunlight, String sql) {
        return sunlight.jdbi().withHandle(handle -> handle.createQuery(sql).mapTo(Integer.class).one());
    }

    @Test
    void aBatchedClosePublishesEveryFiledComplexAndABadOneFailsAlone() {
        try (Sunlight sunlight = TestSunlight.create(directory, Clock.fixed(Instant.parse("2026-04-10T02:00:00Z"),
                ZoneOffset.UTC))) {
            fileQuarter(sunlight, "jinxiu", "zhou-wuye");
            fileQuarter(sunlight, "yangguang", "zhou-wuye");
            ComplexView jinxiu = sunlight.registry().complexByCode("jinxiu").orElseThrow();
            ComplexView yangguang = sunlight.registry().complexByCode("yangguang").orElseThrow();
            ComplexView unfiled = sunlight.registry().complexes().stream()
                    .filter(view -> !sunlight.statements().published(view.complex().id(), LedgerKind.PUBLIC_REVENUE, Q1))
                    .findFirst().orElseThrow();
            int outboxBefore = count(sunlight, "SELECT count(*) FROM outbox");

            Statements.Close close = sunlight.statements().publishAll(List.of(
                    new Statements.Publication(jinxiu, LedgerKind.PUBLIC_REVENUE, Q1),
                    new Statements.Publication(unfiled, LedgerKind.PUBLIC_REVENUE, Q1),
                    new Statements.Publication(yangguang, LedgerKind.PUBLIC_REVENUE, Q1)), "close", 2);

            assertThat(close.published()).extracting(Statement::complexId, Statement::version).containsExactly(
                    tuple(jinxiu.complex().id(), 2),
                    tuple(yangguang.complex().id(), 2));
            assertThat(close.failures()).singleElement().satisfies(failure -> {
                assertThat(failure.publication().complex()).isEqualTo(unfiled);
                assertThat(failure.reason()).contains("nothing filed");
            });
            assertThat(sunlight.auditLog().verify().intact()).isTrue();
            assertThat(sunlight.auditLog().entriesFor(Statements.subject(jinxiu, LedgerKind.PUBLIC_REVENUE, Q1)))
                    .filteredOn(entry -> entry.action().equals("statement.publish")).hasSize(2);
            assertThat(count(sunlight, "SELECT count(*) FROM outbox WHERE idempotency_key LIKE "
                    + "'statement:jinxiu:public-revenue:2026Q1:v2:%'")).isPositive();
            assertThat(count(sunlight, "SELECT count(*) FROM outbox")).isGreaterThan(outboxBefore);
            // Every version's chart is stored, the filing's (v1) and the close's (v2).
            assertThat(count(sunlight, "SELECT count(*) FROM statement_chart")).isEqualTo(4);
            assertThat(count(sunlight, "SELECT count(*) FROM statement s LEFT JOIN statement_chart c "
                    + "ON c.statement_id = s.id WHERE c.statement_id IS NULL")).isZero();

            byte[] stored = sunlight.jdbi().withHandle(handle -> handle.createQuery("SELECT png FROM statement_chart "
                    + "WHERE statement_id = :id").bind("id", close.published().get(0).id()).mapTo(byte[].class).one());
            JavalinTest.test(sunlight.web(), (server, client) -> {
                assertThat(bytes(server.port(), "/c/jinxiu/statements/public-revenue/2026Q1/chart.png?v=2"))
                        .isEqualTo(stored);
                assertThat(client.get("/c/jinxiu/statements/public-revenue/2026Q1").body().string())
                        .contains(close.published().get(0).digest(), "第 2 版");
            });
        }
    }

    @Test
    void aStatementWithoutAStoredChartIsDrawnOnRequestAndKept() {
        try (Sunlight sunlight = TestSunlight.create(directory, Clock.fixed(Instant.parse("2026-04-10T02:00:00Z"),
                ZoneOffset.UTC))) {
            fileQuarter(sunlight, "jinxiu", "zhou-wuye");
            // As for a statement published before charts were stored.
            sunlight.jdbi().useHandle(handle -> handle.execute("DELETE FROM statement_chart"));

            JavalinTest.test(sunlight.web(), (server, client) -> {
                byte[] png = bytes(server.port(), "/c/jinxiu/statements/public-revenue/2026Q1/chart.png?v=1");
                assertThat(png).startsWith(0x89, 'P', 'N', 'G');
            });
            assertThat(count(sunlight, "SELECT count(*) FROM statement_chart")).isEqualTo(1);
        }
    }
}
