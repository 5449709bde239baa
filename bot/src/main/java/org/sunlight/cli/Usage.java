package org.sunlight.cli;

import java.util.ArrayList;
import java.util.List;

/** The text {@code --help} prints: a synopsis, the description, and a table of options or commands. */
final class Usage {

    private static final int WIDTH = 80;
    /** A left column wider than this puts its description on the next line. */
    private static final int MAX_LEFT = 28;

    private static final Row HELP = new Row("  -h, --help", "Show this help message and exit.");
    private static final Row VERSION = new Row("  -V, --version", "Print version information and exit.");

    private Usage() {
    }

    /** The program's usage: how to call it and the list of its commands. */
    static String ofProgram(String program, String description, List<CommandSpec> commands) {
        StringBuilder text = new StringBuilder();
        synopsis(text, "Usage: " + program, List.of("[-hV]", "[COMMAND]"));
        wrap(description, WIDTH).forEach(line -> text.append(line).append('\n'));
        table(text, List.of(HELP, VERSION));
        text.append("Commands:\n");
        List<Row> rows = new ArrayList<>();
        for (CommandSpec command : commands) {
            rows.add(new Row("  " + command.name(), command.description()));
        }
        table(text, rows);
        return text.toString();
    }

    /** One command's usage: its synopsis, description, parameters and options. */
    static String ofCommand(String program, CommandSpec command) {
        List<String> items = new ArrayList<>();
        items.add("[-hV]");
        for (CommandSpec.Option option : command.options()) {
            items.add(option.required() ? option.synopsis() : "[" + option.synopsis() + "]");
        }
        for (CommandSpec.Parameter parameter : command.parameters()) {
            items.add(parameter.synopsis());
        }
        StringBuilder text = new StringBuilder();
        synopsis(text, "Usage: " + program + " " + command.name(), items);
        wrap(command.description(), WIDTH).forEach(line -> text.append(line).append('\n'));
        List<Row> rows = new ArrayList<>();
        for (CommandSpec.Parameter parameter : command.parameters()) {
            rows.add(new Row("      " + parameter.synopsis(), parameter.description()));
        }
        for (CommandSpec.Option option : command.options()) {
            rows.add(new Row("      " + option.synopsis(), option.description()));
        }
        rows.add(HELP);
        rows.add(VERSION);
        table(text, rows);
        return text.toString();
    }

    /** {@code prefix} and the items, wrapped under the first item. */
    private static void synopsis(StringBuilder text, String prefix, List<String> items) {
        StringBuilder line = new StringBuilder(prefix);
        String indent = " ".repeat(prefix.length() + 1);
        boolean lineHasItem = false;
        for (String item : items) {
            if (lineHasItem && line.length() + 1 + item.length() > WIDTH) {
                text.append(line).append('\n');
                line = new StringBuilder(indent).append(item);
            } else {
                line.append(' ').append(item);
            }
            lineHasItem = true;
        }
        text.append(line).append('\n');
    }

    /** Rows as two columns, the descriptions wrapped; a continued description is indented two more. */
    private static void table(StringBuilder text, List<Row> rows) {
        int widest = 0;
        for (Row row : rows) {
            if (row.left().length() <= MAX_LEFT) {
                widest = Math.max(widest, row.left().length());
            }
        }
        int column = widest + 2;
        for (Row row : rows) {
            text.append(row.left());
            if (row.left().length() > widest) {
                text.append('\n').append(" ".repeat(column));
            } else {
                text.append(" ".repeat(column - row.left().length()));
            }
            List<String> lines = wrap(row.description(), WIDTH - column);
            text.append(lines.get(0)).append('\n');
            for (String more : wrap(String.join(" ", lines.subList(1, lines.size())), WIDTH - column - 2)) {
                if (!more.isEmpty()) {
                    text.append(" ".repeat(column + 2)).append(more).append('\n');
                }
            }
        }
    }

    /** {@code text} broken at spaces into lines of at most {@code width} characters (longer words alone). */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" +")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        lines.add(line.toString());
        return lines;
    }

    private record Row(String left, String description) {
    }
}
