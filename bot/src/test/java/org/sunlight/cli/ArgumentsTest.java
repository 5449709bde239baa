package org.sunlight.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.sunlight.cli.CommandSpec.Option;
import org.sunlight.cli.CommandSpec.Parameter;

/** The parser alone: a command line checked against a command's spec. */
class ArgumentsTest {

    private static final CommandSpec COPY = new CommandSpec("copy", "Copy something somewhere.",
            List.of(Option.value("--data-dir", "dataDir", "where"),
                    Option.required("--to", "targetUrl", "target"),
                    Option.flag("--dry-run", "change nothing")),
            List.of(new Parameter("source", "what to copy"), new Parameter("name", "its new name")));

    private static Arguments parse(String... tokens) throws UsageException {
        return Arguments.parse(COPY, List.of(tokens));
    }

    private static void assertUsageError(String message, String... tokens) {
        assertThatThrownBy(() -> parse(tokens)).isInstanceOf(UsageException.class).hasMessage(message);
    }

    @Test
    void readsOptionsWithSeparateOrAttachedValuesBeforeBetweenAndAfterParameters() throws UsageException {
        Arguments arguments = parse("--to", "jdbc:x", "a.db", "--dry-run", "b", "--data-dir=/tmp/d=1");

        assertThat(arguments.value("--to")).isEqualTo("jdbc:x");
        assertThat(arguments.value("--data-dir")).isEqualTo("/tmp/d=1");
        assertThat(arguments.flag("--dry-run")).isTrue();
        assertThat(arguments.parameter("source")).isEqualTo("a.db");
        assertThat(arguments.parameter("name")).isEqualTo("b");
    }

    @Test
    void anOptionNotGivenIsNullAndAFlagNotGivenIsFalse() throws UsageException {
        Arguments arguments = parse("a", "b", "--to=jdbc:x");

        assertThat(arguments.value("--data-dir")).isNull();
        assertThat(arguments.flag("--dry-run")).isFalse();
    }

    @Test
    void anEmptyAttachedValueIsAValue() throws UsageException {
        assertThat(parse("a", "b", "--to=").value("--to")).isEmpty();
    }

    @Test
    void aValueMayStartWithADashUnlessItIsAnOption() throws UsageException {
        assertThat(parse("a", "b", "--to", "-x").value("--to")).isEqualTo("-x");
        assertUsageError("Missing value for option '--data-dir' (<dataDir>)", "a", "b", "--to=x", "--data-dir",
                "--dry-run");
    }

    @Test
    void afterADoubleDashEveryTokenIsAParameter() throws UsageException {
        Arguments arguments = parse("--to", "x", "--", "--dry-run", "-");

        assertThat(arguments.parameter("source")).isEqualTo("--dry-run");
        assertThat(arguments.parameter("name")).isEqualTo("-");
        assertThat(arguments.flag("--dry-run")).isFalse();
    }

    @Test
    void anUnknownOptionIsNamed() {
        assertUsageError("Unknown option: '--nope'", "a", "b", "--to", "x", "--nope");
        assertUsageError("Unknown option: '--nope'", "--nope=1", "a", "b", "--to", "x");
        assertUsageError("Unknown option: '-x'", "-x", "a", "b", "--to", "x");
    }

    @Test
    void anOptionWithoutItsValueIsNamed() {
        assertUsageError("Missing value for option '--data-dir' (<dataDir>)", "a", "b", "--to", "x", "--data-dir");
    }

    @Test
    void aFlagTakesNoValue() {
        assertUsageError("Option '--dry-run' takes no value", "a", "b", "--to", "x", "--dry-run=true");
    }

    @Test
    void anOptionIsGivenOnlyOnce() {
        assertUsageError("Option '--to' should be given only once", "a", "b", "--to", "x", "--to=y");
    }

    @Test
    void aRequiredOptionIsNamedWhenMissing() {
        assertUsageError("Missing required option: '--to=<targetUrl>'", "a", "b", "--data-dir", "d");
    }

    @Test
    void missingParametersAreNamed() {
        assertUsageError("Missing required parameter: '<name>'", "a", "--to", "x");
        assertUsageError("Missing required parameters: '<source>', '<name>'", "--to", "x");
    }

    @Test
    void anExtraArgumentIsNamed() {
        assertUsageError("Unexpected argument: 'c'", "a", "b", "c", "--to", "x");
    }

    @Test
    void readingAnUndeclaredNameIsAProgrammingError() throws UsageException {
        Arguments arguments = parse("a", "b", "--to", "x");

        assertThatThrownBy(() -> arguments.value("--port")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> arguments.value("--dry-run")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> arguments.flag("--to")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> arguments.parameter("target")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSpecRefusesClashingNames() {
        assertThatThrownBy(() -> new CommandSpec("x", "x", List.of(Option.flag("--a", "a"), Option.flag("--a", "b")),
                List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CommandSpec("x", "x", List.of(Option.flag("--help", "mine")), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Option.flag("-a", "short")).isInstanceOf(IllegalArgumentException.class);
    }
}
