package org.sunlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sunlight.Main;
import org.sunlight.cli.CommandSpec.Option;
import org.sunlight.cli.CommandSpec.Parameter;

/** Choosing the command, help, version, usage errors and exit codes; on a small program and on Sunlight's. */
class CommandLineExecuteTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final List<String> ran = new ArrayList<>();

    /** Prints its parameter and returns the exit code it is given, or throws what {@code --fail} names. */
    private final class Echo implements Command {
        private final CommandSpec spec = new CommandSpec("echo", "Print a word.",
                List.of(Option.value("--exit", "code", "the exit code"), Option.value("--fail", "kind", "throw")),
                List.of(new Parameter("word", "what to print")));

        @Override
        public CommandSpec spec() {
            return spec;
        }

        @Override
        public int run(Arguments arguments, PrintWriter out, PrintWriter err) {
            ran.add(arguments.parameter("word"));
            String fail = arguments.value("--fail");
            if ("input".equals(fail)) {
                throw new IllegalStateException("no such word in the file");
            }
            if ("bug".equals(fail)) {
                throw new UnsupportedOperationException("a bug");
            }
            out.println(arguments.parameter("word"));
            err.println("to err");
            String exit = arguments.value("--exit");
            return exit == null ? 0 : Integer.parseInt(exit);
        }
    }

    private int runEcho(String... args) {
        return new CommandLine("prog", "Prog 1.2", "A program.", List.of(new Echo()),
                error -> error instanceof IllegalStateException)
                .setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    }

    private int runSunlight(String... args) {
        return Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    }

    @Test
    void runsTheCommandWithItsOutAndErrAndReturnsItsExitCode() {
        assertThat(runEcho("echo", "--exit", "3", "hello")).isEqualTo(3);

        assertThat(ran).containsExactly("hello");
        assertThat(out.toString()).isEqualTo("hello" + System.lineSeparator());
        assertThat(err.toString()).isEqualTo("to err" + System.lineSeparator());
    }

    @Test
    void noArgumentsOrHelpPrintTheProgramsUsageWithItsCommands() {
        assertThat(runEcho()).isZero();
        String usage = out.toString();
        out.getBuffer().setLength(0);
        assertThat(runEcho("--help")).isZero();
        assertThat(out.toString()).isEqualTo(usage);
        out.getBuffer().setLength(0);
        assertThat(runEcho("-h")).isZero();
        assertThat(out.toString()).isEqualTo(usage);

        assertThat(usage).startsWith("Usage: prog [-hV] [COMMAND]").contains("A program.", "Commands:",
                "  echo  Print a word.", "-h, --help", "-V, --version");
        assertThat(err.toString()).isEmpty();
        assertThat(ran).isEmpty();
    }

    @Test
    void helpOnACommandWinsOverEverythingElseOnTheLine() {
        assertThat(runEcho("echo", "--nope", "--help")).isZero();

        assertThat(out.toString()).startsWith("Usage: prog echo [-hV] [--exit=<code>] [--fail=<kind>] <word>")
                .contains("Print a word.", "<word>", "what to print", "--exit=<code>", "the exit code");
        assertThat(err.toString()).isEmpty();
        assertThat(ran).isEmpty();
    }

    @Test
    void helpAfterADoubleDashIsAParameter() {
        assertThat(runEcho("echo", "--", "-h")).isZero();

        assertThat(ran).containsExactly("-h");
    }

    @Test
    void versionOnTheProgramAndOnACommand() {
        assertThat(runEcho("-V")).isZero();
        assertThat(runEcho("echo", "--version")).isZero();

        assertThat(out.toString()).isEqualTo("Prog 1.2" + System.lineSeparator() + "Prog 1.2" + System.lineSeparator());
        assertThat(ran).isEmpty();
    }

    @Test
    void anUnknownCommandOrOptionExits2WithTheProblemAndAHint() {
        assertThat(runEcho("ech")).isEqualTo(2);
        assertThat(runEcho("--nope")).isEqualTo(2);
        assertThat(runEcho("echo", "hi", "--nope")).isEqualTo(2);

        assertThat(err.toString()).contains("Unknown command: 'ech'", "Try 'prog --help' for more information.",
                "Unknown option: '--nope'", "Try 'prog echo --help' for more information.");
        assertThat(out.toString()).isEmpty();
        assertThat(ran).isEmpty();
    }

    @Test
    void anInputProblemExits2WithItsMessageOnlyAndAnythingElseExits1WithTheStackTrace() {
        assertThat(runEcho("echo", "hi", "--fail=input")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("no such word in the file" + System.lineSeparator());
        err.getBuffer().setLength(0);

        assertThat(runEcho("echo", "hi", "--fail=bug")).isEqualTo(1);
        assertThat(err.toString()).contains("java.lang.UnsupportedOperationException: a bug", "\tat org.sunlight.cli.");
    }

    @Test
    void sunlightsVersion() {
        assertThat(runSunlight("--version")).isZero();
        assertThat(runSunlight("load", "-V")).isZero();

        assertThat(out.toString()).isEqualTo("Sunlight 0.1.0" + System.lineSeparator() + "Sunlight 0.1.0"
                + System.lineSeparator());
    }

    @Test
    void sunlightsUsageListsEveryCommand() {
        assertThat(runSunlight()).isZero();

        assertThat(out.toString()).startsWith("Usage: sunlight [-hV] [COMMAND]").contains("阳光监督助手 Sunlight",
                "  serve ", "  load ", "  verify-audit ", "  set-password ", "  wecom-groups ", "  bind-group ",
                "  migrate-to-postgres ");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "serve | Run the service | --config=<configFile> --data-dir=<dataDir> --port=<port> --host=<host> "
                + "--deployment=<deployment>",
        "load | Check a deployment | --config=<configFile> --data-dir=<dataDir> --dry-run <file>",
        "verify-audit | Verify the whole | --config=<configFile> --data-dir=<dataDir>",
        "set-password | Set an officer's | --config=<configFile> --data-dir=<dataDir> <personCode>",
        "wecom-groups | List the corp's WeCom | --config=<configFile> --data-dir=<dataDir>",
        "bind-group | Bind a WeCom customer | --config=<configFile> --data-dir=<dataDir> <complex> <chatId>",
        "migrate-to-postgres | Copy the SQLite | --config=<configFile> --data-dir=<dataDir> --to=<targetUrl> "
                + "--user=<user>",
    })
    void everySunlightCommandHasHelp(String command, String description, String accepts) {
        for (String help : List.of("--help", "-h")) {
            out.getBuffer().setLength(0);

            assertThat(runSunlight(command, help)).isZero();

            assertThat(out.toString()).startsWith("Usage: sunlight " + command + " [-hV]").contains(description)
                    .contains(accepts.split(" ")).contains("-h, --help", "-V, --version");
        }
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void sunlightsUsageErrorsExit2() {
        assertThat(runSunlight("load", "--nope")).isEqualTo(2);
        assertThat(runSunlight("load")).isEqualTo(2);
        assertThat(runSunlight("migrate-to-postgres", "--data-dir", "unused")).isEqualTo(2);
        assertThat(runSunlight("serve", "--port")).isEqualTo(2);

        assertThat(err.toString()).contains("Unknown option: '--nope'", "Try 'sunlight load --help'",
                "Missing required parameter: '<file>'", "Missing required option: '--to=<targetUrl>'",
                "Try 'sunlight migrate-to-postgres --help'", "Missing value for option '--port' (<port>)");
        assertThat(out.toString()).isEmpty();
    }
}
