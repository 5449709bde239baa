package org.sunlight.logging;

import java.util.List;
import java.util.function.Predicate;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Sunlight's default logging, set up in code: JSON lines on stdout with secrets masked
 * ({@link JsonLineEncoder}), level from {@code SUNLIGHT_LOG_LEVEL} (default INFO), the web server's,
 * Flyway's and Quartz's chatter at WARN. Logback finds it through {@code META-INF/services}.
 *
 * <p>Code rather than a {@code logback.xml}: parsing the XML cost about a tenth of the service's
 * start. An operator's own file still wins: with {@code -Dlogback.configurationFile=…}, or a
 * {@code logback.xml} / {@code logback-test.xml} on the classpath, this steps aside and logback
 * reads that file as usual.
 */
public final class JsonLogConfigurator extends ContextAwareBase implements Configurator {

    static final List<String> QUIET = List.of("org.eclipse.jetty", "org.flywaydb", "io.javalin", "org.quartz");

    private final Predicate<String> onClasspath;

    /** Used by logback's service loader. */
    public JsonLogConfigurator() {
        this(resource -> JsonLogConfigurator.class.getClassLoader().getResource(resource) != null);
    }

    JsonLogConfigurator(Predicate<String> onClasspath) {
        this.onClasspath = onClasspath;
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty(ContextInitializer.CONFIG_FILE_PROPERTY) != null
                || onClasspath.test(ContextInitializer.TEST_AUTOCONFIG_FILE)
                || onClasspath.test(ContextInitializer.AUTOCONFIG_FILE)) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        JsonLineEncoder encoder = new JsonLineEncoder();
        encoder.setContext(context);
        encoder.start();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName("STDOUT");
        appender.setEncoder(encoder);
        appender.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(setting("SUNLIGHT_LOG_LEVEL"), Level.INFO));
        root.addAppender(appender);
        QUIET.forEach(name -> context.getLogger(name).setLevel(Level.WARN));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** As logback's {@code ${NAME}}: a system property, else the environment. */
    private static String setting(String name) {
        String property = System.getProperty(name);
        return property != null ? property : System.getenv(name);
    }
}
