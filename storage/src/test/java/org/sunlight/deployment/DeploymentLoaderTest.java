package org.sunlight.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.sunlight.storage.Dialect;
import org.sunlight.audit.AuditLog;
import org.sunlight.registry.ComplexView;
import org.sunlight.registry.LegalAdviser;
import org.sunlight.registry.Person;
import org.sunlight.registry.Registry;
import org.sunlight.registry.Role;
import org.sunlight.registry.ScopeType;
import org.sunlight.registry.SettingKey;
import org.sunlight.storage.TestDatabases;

@ParameterizedClass
@EnumSource(Dialect.class)
class DeploymentLoaderTest {

    @Parameter
    Dialect dialect;

    @TempDir
    Path directory;

    private Jdbi jdbi;
    private DeploymentLoader loader;
    private Registry registry;
    private final DeploymentParser parser = new DeploymentParser();

    @BeforeEach
    void openDatabase() {
        jdbi = TestDatabases.open(dialect, directory);
        AuditLog auditLog = new AuditLog(jdbi, Clock.fixed(Instant.parse("2026-04-01T00:00:00Z"), ZoneOffset.UTC));
        loader = new DeploymentLoader(jdbi, auditLog);
        registry = new Registry(jdbi);
    }

    private Deployment demo() throws Exception {
        return parser.parse(Path.of(getClass().getResource("/deployments/demo.yml").toURI()));
    }

    @Test
    void loadsTownsCommunitiesComplexesPeopleAndBindings() throws Exception {
        DeploymentLoader.LoadReport report = loader.load(demo(), "test");

        assertThat(report.changedAnything()).isTrue();
        assertThat(registry.complexes()).extracting(view -> view.complex().name())
                .containsExactly("锦绣花园", "阳光苑", "湖畔家园");
        ComplexView jinxiu = registry.complexByCode("jinxiu").orElseThrow();
        assertThat(jinxiu.community().name()).isEqualTo("东园社区");
        assertThat(jinxiu.town().name()).isEqualTo("青山镇");
        long chenJian = registry.personByCode("chen-jian").orElseThrow().id();
        assertThat(registry.rolesIn(chenJian, jinxiu)).containsExactlyInAnyOrder(Role.COMMITTEE, Role.OWNER);
        long zheng = registry.personByCode("zheng-shequ").orElseThrow().id();
        assertThat(registry.rolesIn(zheng, jinxiu)).containsExactly(Role.COMMUNITY_OFFICER);
        assertThat(registry.rolesIn(zheng, registry.complexByCode("hupan").orElseThrow())).isEmpty();
        assertThat(registry.peopleReaching(jinxiu)).extracting(person -> person.code())
                .contains("wang-fang", "chen-jian", "zhou-wuye", "zheng-shequ", "huang-zhen", "lin-jiwei")
                .doesNotContain("sun-li", "feng-cun");
        assertThat(registry.moneySetting(jinxiu, SettingKey.LARGE_ITEM_THRESHOLD)).isEqualTo(5_000_000L);
        assertThat(registry.intSetting(jinxiu, SettingKey.ANSWER_DAYS)).isEqualTo(3);
        assertThat(registry.intSetting(jinxiu, SettingKey.UTILITY_DUE_WORKING_DAY)).isEqualTo(10);
    }

    @Test
    void loadingTheSameFileTwiceChangesNothing() throws Exception {
        loader.load(demo(), "test");
        var before = TestDatabases.snapshot(jdbi);

        DeploymentLoader.LoadReport second = loader.load(demo(), "test");

        assertThat(second.changes()).isEmpty();
        assertThat(TestDatabases.snapshot(jdbi)).isEqualTo(before);
    }

    @Test
    void aMalformedFileLoadsNothing() {
        assertThatThrownBy(() -> loader.load(parser.parse("bad.yml", """
                towns:
                  - code: t
                    name: 镇
                    communities:
                      - {code: c, name: 社区, complexes: [{code: x, name: 小区, households: 0, fundFirstDeposit: "1"}]}
                """), "test")).isInstanceOf(DeploymentException.class)
                .hasMessageContaining("bad.yml:5:73 towns[0].communities[0].complexes[0].households");

        assertThat(registry.towns()).isEmpty();
        assertThat(TestDatabases.snapshot(jdbi).get("audit_log")).isEmpty();
    }

    @Test
    void aFailureHalfWayRollsBackEverything() throws Exception {
        Deployment demo = demo();
        if (dialect == Dialect.SQLITE) {
            jdbi.useHandle(handle -> handle.execute("CREATE TRIGGER refuse_hupan BEFORE INSERT ON complex "
                    + "WHEN NEW.code = 'hupan' BEGIN SELECT RAISE(ABORT, 'disk says no'); END"));
        } else {
            jdbi.useHandle(handle -> handle.execute("CREATE FUNCTION refuse_hupan() RETURNS trigger LANGUAGE plpgsql "
                    + "AS 'BEGIN RAISE EXCEPTION ''disk says no''; END'; CREATE TRIGGER refuse_hupan BEFORE INSERT "
                    + "ON complex FOR EACH ROW WHEN (NEW.code = 'hupan') EXECUTE FUNCTION refuse_hupan()"));
        }

        assertThatThrownBy(() -> loader.load(demo, "test")).hasMessageContaining("disk says no");

        assertThat(registry.towns()).isEmpty();
        assertThat(registry.complexes()).isEmpty();
        assertThat(registry.people()).isEmpty();
    }

    @Test
    void aChangedFileUpdatesOnlyWhatChangedAndRevokesRolesOfPeopleItDropped() throws Exception {
        loader.load(demo(), "test");
        String changed = """
                towns:
                  - code: qingshan
                    name: 青山镇
                    communities:
                      - code: dongyuan
                        name: 东园社区
                        complexes:
                          - {code: jinxiu, name: 锦绣花园（一期）, households: 650, fundFirstDeposit: "1,280,000.00"}
                people:
                  - {code: wang-fang, name: 王芳, household: 3-2-301, roles: [{role: owner, complex: jinxiu}]}
                """;

        DeploymentLoader.LoadReport report = loader.load(parser.parse("changed.yml", changed), "test");

        assertThat(report.changes()).contains("updated complex jinxiu", "revoked chen-jian committee")
                .doesNotContain("updated person wang-fang");
        assertThat(report.notInFile()).containsExactly("complex yangguang", "complex hupan");
        ComplexView hupan = registry.complexByCode("hupan").orElseThrow();
        assertThat(registry.bindingsOf(ScopeType.COMPLEX, hupan.complex().id())).as("kept, not compared").hasSize(2);
        assertThat(registry.setting(hupan, SettingKey.LARGE_ITEM_THRESHOLD)).isEqualTo("2000000");
        assertThat(registry.complexByCode("jinxiu").orElseThrow().complex().households()).isEqualTo(650);
        assertThat(registry.rolesOf(registry.personByCode("chen-jian").orElseThrow().id())).isEmpty();
        assertThat(new AuditLog(jdbi, Clock.systemUTC()).verify().entriesChecked()).isEqualTo(2);
    }

    @Test
    void everyKindOfDifferenceIsWrittenAndAnIdentityMovesToItsNewOwnerWithoutBeingForgottenTwice() {
        String before = """
                towns:
                  - code: t
                    name: 镇
                    settings: {answerDays: 3, townDays: 5}
                    legalAdvisers:
                      - {name: 赵律师, firm: 甲所, phone: "1"}
                    channels:
                      - {purpose: town, channel: sandbox}
                      - {purpose: discipline, channel: sandbox}
                    communities:
                      - code: c
                        name: 社区
                        complexes:
                          - {code: x, name: 小区, households: 10, fundFirstDeposit: "100.00"}
                people:
                  - code: b
                    name: 乙
                    roles: [{role: committee, complex: x}]
                  - code: a
                    name: 甲
                    identities: {wecom-app: zhang}
                    profile: {position: 主任, photo: "https://example.org/a.png", pledge: 公开}
                    roles: [{role: committee, complex: x}]
                """;
        String after = """
                towns:
                  - code: t
                    name: 镇
                    settings: {answerDays: 4}
                    legalAdvisers:
                      - {name: 钱律师, firm: 乙所, phone: "2"}
                    channels:
                      - {purpose: town, channel: wecom-robot, target: robot-1}
                    communities:
                      - code: c
                        name: 社区
                        complexes:
                          - {code: x, name: 小区, households: 10, fundFirstDeposit: "100.00"}
                people:
                  - code: b
                    name: 乙
                    identities: {wecom-app: zhang}
                    roles: [{role: committee, complex: x}]
                  - code: a
                    name: 甲
                    roles: [{role: committee, complex: x}]
                """;
        loader.load(parser.parse("before.yml", before), "test");

        DeploymentLoader.LoadReport report = loader.load(parser.parse("after.yml", after), "test");

        assertThat(report.changes()).containsExactlyInAnyOrder("set town t answerDays=4", "cleared town t townDays",
                "set legal advisers of town t", "bound town t town/wecom-robot", "unbound town t town/sandbox",
                "unbound town t discipline/sandbox", "identified b on wecom-app", "cleared profile of a");
        assertThat(registry.personByIdentity("wecom-app", "zhang")).map(Person::code).contains("b");
        assertThat(registry.profile(registry.personByCode("a").orElseThrow().id())).isEmpty();
        assertThat(registry.advisers(registry.towns().get(0).id())).extracting(LegalAdviser::name)
                .containsExactly("钱律师");
        assertThat(loader.load(parser.parse("after.yml", after), "test").changedAnything()).isFalse();
    }

    @Test
    void aLoadIsRememberedUntilTheFileOrAnyRegistryTableChanges() throws Exception {
        byte[] content = Files.readAllBytes(Path.of(getClass().getResource("/deployments/demo.yml").toURI()));
        String sha256 = DeploymentLoader.sha256(content);
        assertThat(loader.unchangedSince("demo.yml", sha256)).as("never loaded").isEmpty();
        DeploymentLoader.LoadReport report = loader.load(demo(), "test");

        loader.remember("demo.yml", sha256, report, 1L);

        assertThat(loader.unchangedSince("demo.yml", sha256)).hasValueSatisfying(remembered -> {
            assertThat(remembered.changedAnything()).isFalse();
            assertThat(remembered.notInFile()).isEqualTo(report.notInFile());
        });
        assertThat(loader.unchangedSince("demo.yml", DeploymentLoader.sha256(new byte[] {1})))
                .as("another content").isEmpty();
        assertThat(loader.unchangedSince("other.yml", sha256)).as("another file").isEmpty();
        jdbi.useHandle(handle -> handle.execute("UPDATE person SET name = '改名' WHERE code = 'chen-jian'"));
        assertThat(loader.unchangedSince("demo.yml", sha256)).as("the registry changed outside the file").isEmpty();
        DeploymentLoader.LoadReport again = loader.load(demo(), "test");
        assertThat(again.changes()).containsExactly("updated person chen-jian");
        loader.remember("demo.yml", sha256, again, 2L);
        assertThat(loader.unchangedSince("demo.yml", sha256)).isPresent();
        jdbi.useHandle(handle -> handle.execute("DELETE FROM channel_binding WHERE purpose = 'discipline'"));
        assertThat(loader.unchangedSince("demo.yml", sha256)).as("a binding deleted").isEmpty();
    }

    @Test
    void whatTheFileNoLongerNamesIsRememberedToo() throws Exception {
        loader.load(demo(), "test");
        Deployment smaller = parser.parse("smaller.yml", """
                towns:
                  - code: qingshan
                    name: 青山镇
                    communities:
                      - code: dongyuan
                        name: 东园社区
                        complexes:
                          - {code: jinxiu, name: 锦绣花园, households: 640, fundFirstDeposit: "1,280,000.00"}
                """);
        DeploymentLoader.LoadReport report = loader.load(smaller, "test");
        String sha256 = DeploymentLoader.sha256("smaller".getBytes(StandardCharsets.UTF_8));

        loader.remember("smaller.yml", sha256, report, 1L);

        assertThat(loader.unchangedSince("smaller.yml", sha256)).map(DeploymentLoader.LoadReport::notInFile)
                .hasValue(List.of("complex yangguang", "complex hupan"));
    }
}
