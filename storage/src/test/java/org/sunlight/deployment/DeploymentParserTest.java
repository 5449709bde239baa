package org.sunlight.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sunlight.registry.Role;

class DeploymentParserTest {

    private final DeploymentParser parser = new DeploymentParser();

    @Test
    void readsTheDemoDeployment() throws Exception {
        Deployment deployment = parser.parse(Path.of(getClass().getResource("/deployments/demo.yml").toURI()));

        assertThat(deployment.towns()).hasSize(1);
        assertThat(deployment.towns().get(0).communities()).hasSize(2);
        assertThat(deployment.towns().get(0).communities().stream().mapToInt(c -> c.complexes().size()).sum())
                .isEqualTo(3);
        assertThat(deployment.people()).extracting(Deployment.PersonSpec::roles)
                .flatExtracting(roles -> roles.stream().map(Deployment.RoleSpec::role).toList())
                .contains(Role.values());
        Deployment.ComplexSpec jinxiu = deployment.towns().get(0).communities().get(0).complexes().get(0);
        assertThat(jinxiu.fundFirstDepositFen()).isEqualTo(128_000_000L);
        assertThat(jinxiu.settings()).containsEntry("largeItemThreshold", "5000000");
        assertThat(jinxiu.channels()).contains(new Deployment.BindingSpec("owners", "sandbox",
                "complex:jinxiu:owners"));
    }

    @Test
    void namesLineAndKeyOfAnUnknownKey() {
        DeploymentException problem = catchThrowableOfType(DeploymentException.class, () -> parser.parse("d.yml", """
                towns:
                  - code: t
                    name: 镇
                    communites: []
                """));

        assertThat(problem.getMessage()).contains("d.yml:4:5 towns[0].communites: unknown key");
        assertThat(problem.getMessage()).contains("d.yml:2:5 towns[0].communities: missing");
    }

    @Test
    void reportsEveryProblemAtOnce() {
        DeploymentException problem = catchThrowableOfType(DeploymentException.class, () -> parser.parse("d.yml", """
                towns:
                  - code: T1
                    name: 镇
                    communities:
                      - code: c
                        name: 社区
                        complexes:
                          - {code: x, name: 小区, households: many, fundFirstDeposit: "1.234"}
                          - {code: x, name: 小区二, households: 10, fundFirstDeposit: "0"}
                people:
                  - {code: p, name: 人, roles: [{role: owner, complex: nowhere}]}
                  - {code: q, name: 人, roles: [{role: mayor, town: T1}]}
                  - {code: r, name: 人, roles: [{role: committee, town: T1}]}
                """));

        assertThat(problem.problems()).extracting(DeploymentException.Problem::path).contains(
                "towns[0].code", "towns[0].communities[0].complexes[0].households",
                "towns[0].communities[0].complexes[0].fundFirstDeposit",
                "towns[0].communities[0].complexes[1].code", "people[0].roles[0].complex", "people[0].roles[0]",
                "people[1].roles[0].role", "people[2].roles[0].town");
        assertThat(problem.getMessage())
                .contains("d.yml:8:45 towns[0].communities[0].complexes[0].households: must be a whole number")
                .contains("duplicate complex code 'x' (first at line 8)")
                .contains("no complex with code 'nowhere'")
                .contains("最多两位小数");
    }

    @Test
    void pointsAtBrokenYamlSyntax() {
        assertThatThrownBy(() -> parser.parse("d.yml", "towns:\n  - code: [unclosed\n"))
                .isInstanceOf(DeploymentException.class)
                .hasMessageContaining("d.yml:3:")
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void refusesAnEmptyFile() {
        assertThatThrownBy(() -> parser.parse("d.yml", "# nothing\n"))
                .hasMessageContaining("the file is empty");
    }

    @Test
    void refusesUnknownSettingsAndChannels() {
        DeploymentException problem = catchThrowableOfType(DeploymentException.class, () -> parser.parse("d.yml", """
                towns:
                  - code: t
                    name: 镇
                    settings: {answerDays: 0, colour: blue, largeItemThreshold: "1e3"}
                    channels: [{purpose: owners, channel: telegram}]
                    communities: []
                """));

        assertThat(problem.getMessage())
                .contains("towns[0].settings.answerDays: must be a whole number of working days from 1 to 60")
                .contains("towns[0].settings.colour: unknown setting")
                .contains("towns[0].settings.largeItemThreshold: 金额格式不正确")
                .contains("towns[0].channels[0].purpose: a town can have groups for [discipline, town]")
                .contains("towns[0].channels[0].channel: unknown channel 'telegram'");
    }

    @Test
    void refusesAFileThatIsNotUtf8(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("gbk.yml");
        Files.write(file, "towns: []\n# 青山镇\n".getBytes("GBK"));

        assertThatThrownBy(() -> parser.parse(file)).hasMessageContaining("gbk.yml:1:1")
                .hasMessageContaining("not valid UTF-8");
    }
}
