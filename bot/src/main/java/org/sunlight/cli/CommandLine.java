package org.sunlight.cli;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A program's command line: the first argument chooses one of its {@link Command}s, the rest is parsed
 * against that command's {@link CommandSpec} and handed to it.
 *
 * <p>{@code -h/--help} as the first argument, or anywhere after a command's name (before {@code --}),
 * prints the program's or the command's usage to out and exits 0, whatever else is on the line;
 * {@code -V/--version} likewise prints the version; no arguments at all prints the program's usage.
 * A command line that does not fit (unknown command or option, missing value, parameter or required
 * option) prints the problem and a hint to use {@code --help} to err and exits 2. Otherwise the exit
 * code is the command's, or, if it throws, 2 with only the message for an input problem (as the
 * program defines it) and 1 with the stack trace for anything else.
 *
 * <p>Out and err are the standard streams unless set; a command line is for one thread at a time.
 */
public final class CommandLine {

    private final String program;
    private final String version;
    private final String description;
    private final List<Command> commands;
    private final Map<String, Command> byName = new HashMap<>();
    private final Predicate<Exception> inputProblem;
    private PrintWriter out = new PrintWriter(System.out, true);
    private PrintWriter err = new PrintWriter(System.err, true);

    /**
     * A command line of {@code commands}, writing to the standard streams.
     *
     * @param program      the program's name in usage and hints, e.g. {@code sunlight}
     * @param version      what {@code --version} prints
     * @param description  what the program is, shown above its commands
     * @param commands     its commands, in the order the usage lists them
     * @param inputProblem which exceptions a command throws are the user's input problems, whose message
     *                     alone says what to fix
     */
    public CommandLine(String program, String version, String description, List<Command> commands,
            Predicate<Exception> inputProblem) {
        this.program = Objects.requireNonNull(program, "program");
        this.version = Objects.requireNonNull(version, "version");
        this.description = Objects.requireNonNull(description, "description");
        this.commands = List.copyOf(commands);
        this.inputProblem = Objects.requireNonNull(inputProblem, "inputProblem");
        for (Command command : this.commands) {
            if (byName.put(command.spec().name(), command) != null) {
                throw new IllegalArgumentException("two commands are called " + command.spec().name());
            }
        }
    }

    /** Where usage, version and the commands' output go. */
    public CommandLine setOut(PrintWriter out) {
        this.out = Objects.requireNonNull(out, "out");
        return this;
    }

    /** Where usage errors and the commands' error messages go. */
    public CommandLine setErr(PrintWriter err) {
        this.err = Objects.requireNonNull(err, "err");
        return this;
    }

    public PrintWriter getOut() {
        return out;
    }

    public PrintWriter getErr() {
        return err;
    }

    /** Runs the command line {@code args} and returns its exit code; out and err are flushed. */
    public int execute(String... args) {
        try {
            return dispatch(List.of(args));
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int dispatch(List<String> args) {
        if (args.isEmpty() || CommandSpec.HELP_NAMES.contains(args.get(0))) {
            out.print(Usage.ofProgram(program, description, specs()));
            return 0;
        }
        if (CommandSpec.VERSION_NAMES.contains(args.get(0))) {
            out.println(version);
            return 0;
        }
        String name = args.get(0);
        Command command = byName.get(name);
        if (command == null) {
            return usageError(name.startsWith("-") ? "Unknown option: '" + name + "'"
                    : "Unknown command: '" + name + "'", program);
        }
        List<String> rest = args.subList(1, args.size());
        String invocation = program + " " + name;
        if (asks(rest, CommandSpec.HELP_NAMES)) {
            out.print(Usage.ofCommand(program, command.spec()));
            return 0;
        }
        if (asks(rest, CommandSpec.VERSION_NAMES)) {
            out.println(version);
            return 0;
        }
        Arguments arguments;
        try {
            arguments = Arguments.parse(command.spec(), rest);
        } catch (UsageException e) {
            return usageError(e.getMessage(), invocation);
        }
        try {
            return command.run(arguments, out, err);
        } catch (Exception e) {
            if (inputProblem.test(e)) {
                err.println(e.getMessage());
                return 2;
            }
            e.printStackTrace(err);
            return 1;
        }
    }

    /** Whether one of {@code names} is among the options of {@code args} (before any {@code --}). */
    private static boolean asks(List<String> args, Set<String> names) {
        for (String arg : args) {
            if (arg.equals("--")) {
                return false;
            }
            if (names.contains(arg)) {
                return true;
            }
        }
        return false;
    }

    private int usageError(String problem, String invocation) {
        err.println(problem);
        err.println("Try '" + invocation + " --help' for more information.");
        return 2;
    }

    private List<CommandSpec> specs() {
        return commands.stream().map(Command::spec).toList();
    }
}
