package org.sunlight.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Folds JMH's {@code jmh.json} into {@code latest.json} and appends a table to {@code latest.md}. */
public final class JmhTable {

    private JmhTable() {
    }

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args[0]);
        ObjectMapper mapper = new ObjectMapper();
        JsonNode jmh = mapper.readTree(directory.resolve("jmh.json").toFile());
        ObjectNode latest = (ObjectNode) mapper.readTree(directory.resolve("latest.json").toFile());
        ObjectNode micro = latest.putObject("micro");
        StringBuilder md = new StringBuilder("\n| Micro-benchmark (JMH, average time) | µs/op | ± error |\n|---|---|---|\n");
        for (JsonNode run : jmh) {
            String name = run.get("benchmark").asText().replaceAll(".*\\.", "");
            JsonNode metric = run.get("primaryMetric");
            double score = metric.get("score").asDouble();
            double error = metric.get("scoreError").isNumber() ? metric.get("scoreError").asDouble() : Double.NaN;
            micro.put(name + "_us", score);
            md.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f |%n", name, score, error));
        }
        mapper.writerWithDefaultPrettyPrinter().writeValue(directory.resolve("latest.json").toFile(), latest);
        Files.writeString(directory.resolve("latest.md"), md.toString(), StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
    }
}
