package org.sunlight.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The values one command line gave a command, checked against its {@link CommandSpec}: no unknown
 * option, every option at most once, every value present, every required option and parameter given.
 * Options may come before, between or after the parameters, as {@code --name value} or
 * {@code --name=value}; after {@code --} every token is a parameter.
 */
public final class Arguments {

    private final CommandSpec spec;
    private final Map<String, String> options;
    private final Map<String, String> parameters;

    private Arguments(CommandSpec spec, Map<String, String> options, Map<String, String> parameters) {
        this.spec = spec;
        this.options = Map.copyOf(options);
        this.parameters = Map.copyOf(parameters);
    }

    /**
     * Reads {@code tokens} (the command line after the command's name) as {@code spec} describes, left
     * to right. {@code -h/--help} and {@code -V/--version} are the caller's business, not handled here.
     *
     * @throws UsageException naming the first problem: an unknown option, an option given twice, a
     *                        missing value, a value given to a flag, an extra argument, or a missing
     *                        required option or parameter
     */
    public static Arguments parse(CommandSpec spec, List<String> tokens) throws UsageException {
        Map<String, String> options = new HashMap<>();
        List<String> positionals = new ArrayList<>();
        boolean optionsEnded = false;
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            if (optionsEnded || !token.startsWith("-") || token.equals("-")) {
                positionals.add(token);
                continue;
            }
            if (token.equals("--")) {
                optionsEnded = true;
                continue;
            }
            int equals = token.indexOf('=');
            String name = equals < 0 ? token : token.substring(0, equals);
            CommandSpec.Option option = spec.option(name);
            if (option == null) {
                throw new UsageException("Unknown option: '" + name + "'");
            }
            if (options.containsKey(name)) {
                throw new UsageException("Option '" + name + "' should be given only once");
            }
            if (option.isFlag()) {
                if (equals >= 0) {
                    throw new UsageException("Option '" + name + "' takes no value");
                }
                options.put(name, "");
            } else if (equals >= 0) {
                options.put(name, token.substring(equals + 1));
            } else if (i + 1 < tokens.size() && !isOption(spec, tokens.get(i + 1))) {
                i++;
                options.put(name, tokens.get(i));
            } else {
                throw new UsageException("Missing value for option '" + name + "' (<" + option.valueLabel() + ">)");
            }
        }

        List<CommandSpec.Parameter> declared = spec.parameters();
        if (positionals.size() > declared.size()) {
            throw new UsageException("Unexpected argument: '" + positionals.get(declared.size()) + "'");
        }
        List<String> missingOptions = new ArrayList<>();
        for (CommandSpec.Option option : spec.options()) {
            if (option.required() && !options.containsKey(option.name())) {
                missingOptions.add("'" + option.synopsis() + "'");
            }
        }
        if (!missingOptions.isEmpty()) {
            throw new UsageException(missing("option", missingOptions));
        }
        List<String> missingParameters = new ArrayList<>();
        Map<String, String> parameters = new HashMap<>();
        for (int i = 0; i < declared.size(); i++) {
            if (i < positionals.size()) {
                parameters.put(declared.get(i).label(), positionals.get(i));
            } else {
                missingParameters.add("'" + declared.get(i).synopsis() + "'");
            }
        }
        if (!missingParameters.isEmpty()) {
            throw new UsageException(missing("parameter", missingParameters));
        }
        return new Arguments(spec, options, parameters);
    }

    /** Whether {@code token} names an option, so it cannot be the previous option's value. */
    private static boolean isOption(CommandSpec spec, String token) {
        if (!token.startsWith("-")) {
            return false;
        }
        int equals = token.indexOf('=');
        String name = equals < 0 ? token : token.substring(0, equals);
        return spec.option(name) != null || CommandSpec.HELP_NAMES.contains(name)
                || CommandSpec.VERSION_NAMES.contains(name);
    }

    private static String missing(String what, List<String> names) {
        return "Missing required " + what + (names.size() == 1 ? "" : "s") + ": " + String.join(", ", names);
    }

    /**
     * The value of the option called {@code name} (e.g. {@code --port}), or null if the command line did
     * not give it.
     *
     * @throws IllegalArgumentException if the command declares no such option taking a value
     */
    public String value(String name) {
        CommandSpec.Option option = spec.option(name);
        if (option == null || option.isFlag()) {
            throw new IllegalArgumentException(spec.name() + " has no option " + name + " taking a value");
        }
        return options.get(name);
    }

    /**
     * Whether the command line gave the flag called {@code name} (e.g. {@code --dry-run}).
     *
     * @throws IllegalArgumentException if the command declares no such flag
     */
    public boolean flag(String name) {
        CommandSpec.Option option = spec.option(name);
        if (option == null || !option.isFlag()) {
            throw new IllegalArgumentException(spec.name() + " has no flag " + name);
        }
        return options.containsKey(name);
    }

    /**
     * The value of the positional parameter labelled {@code label}; never null, since every parameter is
     * required.
     *
     * @throws IllegalArgumentException if the command declares no such parameter
     */
    public String parameter(String label) {
        String value = parameters.get(label);
        if (value == null) {
            throw new IllegalArgumentException(spec.name() + " has no parameter " + label);
        }
        return value;
    }
}
