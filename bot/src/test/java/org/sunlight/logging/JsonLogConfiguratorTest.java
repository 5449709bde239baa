package org.sunlight.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;

class JsonLogConfiguratorTest {

    @Test
    void withoutAnOperatorsFileTheServiceLogsJsonLinesOnStdoutAtInfoWithTheWebServerQuiet() {
        LoggerContext context = new LoggerContext();

        ExecutionStatus status = new JsonLogConfigurator(resource -> false).configure(context);

        assertThat(status).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.INFO);
        assertThat(root.getAppender("STDOUT")).isInstanceOfSatisfying(ConsoleAppender.class, appender -> {
            assertThat(appender.isStarted()).isTrue();
            assertThat(appender.getEncoder()).isInstanceOf(JsonLineEncoder.class);
        });
        assertThat(context.getLogger("org.eclipse.jetty").getLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("org.sunlight").getEffectiveLevel()).isEqualTo(Level.INFO);
    }

    @Test
    void anOperatorsLogbackXmlOnTheClasspathIsLeftToLogback() {
        LoggerContext context = new LoggerContext();

        ExecutionStatus status = new JsonLogConfigurator("logback.xml"::equals).configure(context);

        assertThat(status).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDOUT")).isNull();
    }

    @Test
    void theTestsOwnConfigurationIsLeftToLogback() {
        assertThat(new JsonLogConfigurator().configure(new LoggerContext()))
                .isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
    }
}
