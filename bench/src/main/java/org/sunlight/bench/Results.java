package org.sunlight.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** What one benchmark run measured: the machine, every figure by goal, and one table row per goal. */
public final class Results {

    /** One line of the Markdown table. */
    public record Row(String goal, String target, String measured, String verdict) {
    }

    private final Map<String, Object> machine = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> figures = new LinkedHashMap<>();
    private final List<Row> rows = new ArrayList<>();

    public Map<String, Object> machine() {
        return machine;
    }

    public void put(String goal, String name, Object value) {
        figures.computeIfAbsent(goal, key -> new LinkedHashMap<>()).put(name, value);
    }

    public void row(String goal, String target, String measured, String verdict) {
        rows.add(new Row(goal, target, measured, verdict));
    }

    /**
     * A row placed after the last row of the same goal number (the text before the first '.'), so that
     * a goal measured again on another database reads next to the first measurement; at the end if
     * that goal has no row yet.
     */
    public void rowNextTo(String goal, String target, String measured, String verdict) {
        String number = goal.substring(0, goal.indexOf('.') + 1);
        int at = rows.size();
        for (int i = 0; i < rows.size(); i++) {
            if (!number.isEmpty() && rows.get(i).goal().startsWith(number)) {
                at = i + 1;
            }
        }
        rows.add(at, new Row(goal, target, measured, verdict));
    }

    public void write(Path directory) throws IOException {
        Files.createDirectories(directory);
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("machine", machine);
        all.put("goals", figures);
        all.put("table", rows);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(directory.resolve("latest.json").toFile(), all);
        Files.writeString(directory.resolve("latest.md"), markdown(), StandardCharsets.UTF_8);
    }

    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("Machine: ");
        machine.forEach((key, value) -> md.append(key).append(" ").append(value).append("; "));
        md.setLength(md.length() - 2);
        md.append("\n\n| Goal | Target | Measured | Verdict |\n|---|---|---|---|\n");
        for (Row row : rows) {
            md.append("| ").append(row.goal()).append(" | ").append(row.target()).append(" | ")
                    .append(row.measured()).append(" | ").append(row.verdict()).append(" |\n");
        }
        return md.toString();
    }
}
