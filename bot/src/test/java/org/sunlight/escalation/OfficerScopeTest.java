package org.sunlight.escalation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sunlight.app.Sunlight;
import org.sunlight.app.TestSunlight;
import org.sunlight.question.SettableClock;
import org.sunlight.registry.ComplexView;

/** An officer's scope is their role assignments (no list of complexes), tested against complexes and in SQL. */
class OfficerScopeTest {

    @TempDir
    Path directory;

    private Sunlight sunlight;

    @BeforeEach
    void start() {
        sunlight = TestSunlight.create(directory, new SettableClock(Instant.parse("2026-03-02T02:00:00Z")));
    }

    @AfterEach
    void stop() {
        sunlight.close();
    }

    private Officer officer(String code) {
        return Officer.of(sunlight.registry(), sunlight.registry().personByCode(code).orElseThrow());
    }

    private ComplexView complex(String code) {
        return sunlight.registry().complexByCode(code).orElseThrow();
    }

    private List<String> complexesMatching(Officer officer) {
        return sunlight.jdbi().withHandle(handle -> handle.createQuery("SELECT c.code FROM complex c "
                + "JOIN community m ON m.id = c.community_id WHERE "
                + officer.scope().sql("c.id", "c.community_id", "m.town_id") + " ORDER BY c.code")
                .mapTo(String.class).list());
    }

    private List<String> complexesMatchingThroughItems(Officer officer) {
        return sunlight.jdbi().withHandle(handle -> handle.createQuery("SELECT c.code FROM complex c "
                + "JOIN community m ON m.id = c.community_id WHERE "
                + officer.scope().complexSql("c.id", "m.town_id") + " ORDER BY c.code")
                .mapTo(String.class).list());
    }

    @Test
    void aTownOfficersScopeIsTheirTownAndCoversEveryComplexInIt() {
        Officer lin = officer("lin-jiwei");
        assertThat(lin.scope().townIds()).containsExactly(complex("jinxiu").town().id());
        assertThat(lin.scope().complexIds()).isEmpty();
        assertThat(lin.sees(complex("hupan"))).isTrue();
        assertThat(complexesMatching(lin)).containsExactly("hupan", "jinxiu", "yangguang");
        assertThat(complexesMatchingThroughItems(lin)).containsExactly("hupan", "jinxiu", "yangguang");
    }

    @Test
    void aCommunityOfficerSeesTheirCommunityOnlyAndStaffAnswerOnlyTheirComplex() {
        Officer zheng = officer("zheng-shequ");
        assertThat(zheng.sees(complex("jinxiu"))).isTrue();
        assertThat(zheng.sees(complex("hupan"))).isFalse();
        assertThat(zheng.answers(complex("jinxiu"))).isFalse();
        assertThat(complexesMatching(zheng)).containsExactly("jinxiu", "yangguang");
        assertThat(complexesMatchingThroughItems(zheng)).containsExactly("jinxiu", "yangguang");

        Officer chen = officer("chen-jian");
        assertThat(chen.isOfficer()).isFalse();
        assertThat(chen.mayLogIn()).isTrue();
        assertThat(chen.answers(complex("jinxiu"))).isTrue();
        assertThat(chen.answers(complex("yangguang"))).isFalse();
        assertThat(complexesMatching(chen)).containsExactly("jinxiu");
    }

    @Test
    void someoneWithoutOfficerOrStaffRolesMatchesNothing() {
        Officer owner = officer("wang-fang");
        assertThat(owner.mayLogIn()).isFalse();
        assertThat(owner.scope().isEmpty()).isTrue();
        assertThat(complexesMatching(owner)).isEmpty();
        assertThat(complexesMatchingThroughItems(owner)).isEmpty();
    }
}
