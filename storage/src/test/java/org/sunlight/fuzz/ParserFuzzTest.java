package org.sunlight.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;
import org.sunlight.deployment.DeploymentException;
import org.sunlight.deployment.DeploymentParser;
import org.sunlight.money.AmountFormatException;
import org.sunlight.money.Amounts;

/**
 * Property-based fuzzing of the storage module's parsers: whatever the input, they either return
 * a checked result or refuse with their own, explained exception — never anything else.
 * {@code -Dfuzz.tries=N} runs longer.
 */
class ParserFuzzTest {

    private final DeploymentParser parser = new DeploymentParser();

    @Property
    void amountsEitherRoundTripOrAreRefusedWithAReason(@ForAll("amountLike") String text) {
        try {
            long fen = Amounts.parseFen(text);
            assertThat(fen).isNotNegative();
            assertThat(Amounts.parseFen(Amounts.toPlainYuan(fen))).isEqualTo(fen);
        } catch (AmountFormatException refused) {
            assertThat(refused.getMessage()).contains("金额");
        }
    }

    @Provide
    Arbitrary<String> amountLike() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("0123456789,.-¥￥ e１２３+").ofMaxLength(24),
                Arbitraries.strings().ofMaxLength(24));
    }

    @Property
    void deploymentFilesAreLoadedOrRefusedWithProblems(@ForAll("yamlLike") String yaml) {
        try {
            parser.parse("fuzz.yml", yaml);
        } catch (DeploymentException refused) {
            assertThat(refused.problems()).isNotEmpty();
            assertThat(refused.problems()).allSatisfy(problem -> assertThat(problem.line()).isPositive());
        }
    }

    @Property
    void arbitraryTextNeverBreaksTheDeploymentParser(@ForAll @StringLength(max = 300) String yaml) {
        try {
            parser.parse("fuzz.yml", yaml);
        } catch (DeploymentException refused) {
            assertThat(refused.getMessage()).contains("fuzz.yml:");
        }
    }

    @Provide
    Arbitrary<String> yamlLike() {
        Arbitrary<String> token = Arbitraries.of("towns:", "people:", "  - code: t", "    name: 镇", "    communities:",
                "      - code: c", "        name: 社区", "        complexes:", "          - {code: x, name: 小区, "
                        + "households: 10, fundFirstDeposit: \"1.00\"}", "  - {code: p, name: 人, household: 1-1-1, "
                        + "roles: [{role: owner, complex: x}]}", "&a [*a]", "!!binary AAAA", "- ", ": :", "\t",
                "{", "}", "[", "]", "households: -1", "fundFirstDeposit: 1e3", "settings: {answerDays: 99}");
        return token.list().ofMaxSize(14).map(lines -> String.join("\n", lines));
    }
}
