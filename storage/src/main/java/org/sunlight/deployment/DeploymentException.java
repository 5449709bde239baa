package org.sunlight.deployment;

import java.util.List;
import java.util.stream.Collectors;

/** A deployment file that cannot be loaded; lists every problem found, each with file, line and key. */
public final class DeploymentException extends RuntimeException {

    private final List<Problem> problems;

    public DeploymentException(String source, List<Problem> problems) {
        super(describe(source, problems));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }

    private static String describe(String source, List<Problem> problems) {
        return problems.size() + " problem(s) in " + source + ", nothing was loaded:\n" + problems.stream()
                .map(problem -> "  " + source + ":" + problem.line() + ":" + problem.column() + " "
                        + problem.path() + ": " + problem.message())
                .collect(Collectors.joining("\n"));
    }

    /** One problem: where it is (1-based line and column), which key, and what is wrong. */
    public record Problem(int line, int column, String path, String message) {
    }
}
