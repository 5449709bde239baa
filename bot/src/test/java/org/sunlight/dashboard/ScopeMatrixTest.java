package org.sunlight.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.javalin.testtools.JavalinTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sunlight.app.Sunlight;
import org.sunlight.app.TestSunlight;
import org.sunlight.channel.Conversation;
import org.sunlight.question.QuestionService;
import org.sunlight.question.SettableClock;
import org.sunlight.registry.ComplexView;

/**
 * The "A: yes / B: no" cells of the access matrix's dashboard rows, for every officer role at once:
 * two towns, each with one community and one complex; an owner of complex A asks. Committee,
 * property, community, town and discipline of A's side see the item; the same roles on B's side
 * (another complex, another community, another town) get 404 and never see its text in a list.
 */
class ScopeMatrixTest {

    private static final String PASSWORD = "correct horse battery staple";
    private static final String DEPLOYMENT = """
            towns:
              - code: qingshan
                name: 青山镇
                communities:
                  - code: dongyuan
                    name: 东园社区
                    complexes:
                      - {code: alpha, name: 甲小区, households: 100, fundFirstDeposit: "100,000.00", channels: [{purpose: owners, channel: sandbox}]}
              - code: baiyun
                name: 白云镇
                communities:
                  - code: xiyuan
                    name: 西园社区
                    complexes:
                      - {code: beta, name: 乙小区, households: 100, fundFirstDeposit: "100,000.00", channels: [{purpose: owners, channel: sandbox}]}
            people:
              - {code: owner-a, name: 业主甲, household: 1-1-101, roles: [{role: owner, complex: alpha}]}
              - {code: committee-a, name: 委员甲, roles: [{role: committee, complex: alpha}]}
              - {code: property-a, name: 物业甲, roles: [{role: property, complex: alpha}]}
              - {code: community-a, name: 社区甲, roles: [{role: community-officer, community: dongyuan}]}
              - {code: town-a, name: 镇甲, roles: [{role: town-officer, town: qingshan}]}
              - {code: discipline-a, name: 纪委甲, roles: [{role: discipline-officer, town: qingshan}]}
              - {code: committee-b, name: 委员乙, roles: [{role: committee, complex: beta}]}
              - {code: property-b, name: 物业乙, roles: [{role: property, complex: beta}]}
              - {code: community-b, name: 社区乙, roles: [{role: community-officer, community: xiyuan}]}
              - {code: town-b, name: 镇乙, roles: [{role: town-officer, town: baiyun}]}
              - {code: discipline-b, name: 纪委乙, roles: [{role: discipline-officer, town: baiyun}]}
            """;
    private static final List<String> ROLES = List.of("committee", "property", "community", "town", "discipline");

    @TempDir
    Path directory;

    private Sunlight sunlight;

    @BeforeEach
    void start() throws Exception {
        Path deployment = directory.resolve("two-towns.yml");
        Files.writeString(deployment, DEPLOYMENT, StandardCharsets.UTF_8);
        sunlight = new Sunlight(TestSunlight.config(directory, Map.of("deployment", deployment.toString())),
                new SettableClock(Instant.parse("2026-03-02T02:00:00Z")));
        sunlight.loadDeployment();
        for (String role : ROLES) {
            sunlight.accounts().setPassword(role + "-a", PASSWORD.toCharArray());
            sunlight.accounts().setPassword(role + "-b", PASSWORD.toCharArray());
        }
    }

    @AfterEach
    void stop() {
        sunlight.close();
    }

    @Test
    void everyOfficerRoleOfAnotherComplexCommunityOrTownGetsNotFoundWhereTheirCounterpartOfASeesTheItem() {
        ComplexView alpha = sunlight.registry().complexByCode("alpha").orElseThrow();
        long item = sunlight.questions().ask(new QuestionService.Asking(alpha, "owner-a", "业主甲", null, null,
                new Conversation("sandbox", "complex:alpha:owners", true, alpha.complex().id()),
                "甲小区停车费去哪了")).item().id();

        JavalinTest.test(sunlight.web(), (server, ignored) -> {
            for (String role : ROLES) {
                WebClient sideA = new WebClient(server.port());
                assertThat(sideA.login(role + "-a", PASSWORD).statusCode()).as(role + "-a logs in").isEqualTo(303);
                assertThat(sideA.get("/dashboard/items/" + item).statusCode()).as(role + " of A").isEqualTo(200);
                assertThat(sideA.get("/dashboard?state=all").body()).as(role + " of A").contains("甲小区停车费去哪了");

                WebClient sideB = new WebClient(server.port());
                assertThat(sideB.login(role + "-b", PASSWORD).statusCode()).as(role + "-b logs in").isEqualTo(303);
                assertThat(sideB.get("/dashboard/items/" + item).statusCode()).as(role + " of B").isEqualTo(404);
                for (String page : List.of("/dashboard?state=all", "/dashboard/items.csv?state=all")) {
                    assertThat(sideB.get(page).body()).as(role + " of B on " + page).doesNotContain("甲小区停车费去哪了");
                }
                for (String page : List.of("/dashboard/league", "/dashboard/league.csv")) {
                    assertThat(sideB.get(page).body()).as(role + " of B on " + page).doesNotContain("甲小区");
                }
            }
        });
    }
}
