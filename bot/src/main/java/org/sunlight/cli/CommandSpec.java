package org.sunlight.cli;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What one command accepts: its name, a one-paragraph description, its options and its positional
 * parameters, all in the order the help shows them. Every command also accepts {@code -h/--help} and
 * {@code -V/--version}; those are not listed here. Every positional parameter is required.
 *
 * @param name        the command's name, e.g. {@code load}
 * @param description what it does, shown by {@code --help} and in the list of commands
 * @param options     its options
 * @param parameters  its positional parameters, in order
 */
public record CommandSpec(String name, String description, List<Option> options, List<Parameter> parameters) {

    /** Names every command understands without declaring them. */
    static final Set<String> HELP_NAMES = Set.of("-h", "--help");
    static final Set<String> VERSION_NAMES = Set.of("-V", "--version");

    public CommandSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        options = List.copyOf(options);
        parameters = List.copyOf(parameters);
        Set<String> seen = new HashSet<>();
        for (Option option : options) {
            if (HELP_NAMES.contains(option.name()) || VERSION_NAMES.contains(option.name())) {
                throw new IllegalArgumentException(name + ": every command has " + option.name() + " already");
            }
            if (!seen.add(option.name())) {
                throw new IllegalArgumentException(name + ": option " + option.name() + " is declared twice");
            }
        }
        for (Parameter parameter : parameters) {
            if (!seen.add(parameter.label())) {
                throw new IllegalArgumentException(name + ": parameter " + parameter.label() + " is declared twice");
            }
        }
    }

    /** The declared option called {@code name} (e.g. {@code --port}), or null. */
    Option option(String name) {
        for (Option option : options) {
            if (option.name().equals(name)) {
                return option;
            }
        }
        return null;
    }

    /**
     * One option, always in the long form {@code --name}. An option with a value label takes a value
     * ({@code --port 8080} or {@code --port=8080}); one without is a flag ({@code --dry-run}).
     *
     * @param name        e.g. {@code --port}
     * @param valueLabel  what the value is, shown as {@code --port=<port>}; null for a flag
     * @param description shown by {@code --help}
     * @param required    whether the command refuses to run without it (flags never are)
     */
    public record Option(String name, String valueLabel, String description, boolean required) {

        public Option {
            Objects.requireNonNull(description, "description");
            if (name == null || !name.startsWith("--") || name.length() < 3 || name.contains("=")) {
                throw new IllegalArgumentException("an option's name is --something, not " + name);
            }
            if (required && valueLabel == null) {
                throw new IllegalArgumentException(name + ": a flag cannot be required");
            }
        }

        /** An optional option taking a value. */
        public static Option value(String name, String valueLabel, String description) {
            return new Option(name, Objects.requireNonNull(valueLabel, "valueLabel"), description, false);
        }

        /** An option taking a value that the command cannot run without. */
        public static Option required(String name, String valueLabel, String description) {
            return new Option(name, Objects.requireNonNull(valueLabel, "valueLabel"), description, true);
        }

        /** An option without a value: present or not. */
        public static Option flag(String name, String description) {
            return new Option(name, null, description, false);
        }

        public boolean isFlag() {
            return valueLabel == null;
        }

        /** {@code --port=<port>}, or {@code --dry-run} for a flag: how usage and messages show it. */
        String synopsis() {
            return isFlag() ? name : name + "=<" + valueLabel + ">";
        }
    }

    /**
     * One required positional parameter.
     *
     * @param label       its name, shown as {@code <label>} and used to read its value
     * @param description shown by {@code --help}
     */
    public record Parameter(String label, String description) {

        public Parameter {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(description, "description");
        }

        String synopsis() {
            return "<" + label + ">";
        }
    }
}
