package org.sunlight.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a small program of the tests in a JVM of its own, on the tests' class path with its own
 * temporary directory, for what only a fresh JVM shows (a native library loaded once, temporary
 * copies left behind). Shared with the bot's tests through the test-jar.
 */
public final class JavaProbe {

    private JavaProbe() {
    }

    /**
     * Runs {@code mainClass} with {@code java.io.tmpdir} set to {@code tmp}, the options and the
     * arguments given; asserts it exits 0 within two minutes and returns its output lines.
     * Output and errors are kept in {@code workDirectory} as {@code name.out} and {@code name.err}.
     */
    public static List<String> run(Path workDirectory, String name, Path tmp, Class<?> mainClass,
                                   List<String> jvmOptions, String... arguments)
            throws IOException, InterruptedException {
        Path output = workDirectory.resolve(name + ".out");
        Path errors = workDirectory.resolve(name + ".err");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"),
                mainClass.getName()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command)
                .redirectOutput(output.toFile())
                .redirectError(errors.toFile())
                .start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the probe " + mainClass.getSimpleName() + " did not finish in 120 s");
        }
        assertThat(process.exitValue()).as("probe exit; stderr: %s", Files.readString(errors)).isZero();
        return Files.readAllLines(output);
    }
}
