package org.sunlight.app;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The class path for tests that start the service as a process of its own: the tests' class
 * path without the tests' classes, so their {@code logback-test.xml} is not found and logging is
 * set up as in production (JSON lines on stdout).
 */
public final class ServiceClassPath {

    private ServiceClassPath() {
    }

    public static String get() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !Path.of(entry).endsWith(Path.of("target", "test-classes")))
                .collect(Collectors.joining(File.pathSeparator));
    }
}
