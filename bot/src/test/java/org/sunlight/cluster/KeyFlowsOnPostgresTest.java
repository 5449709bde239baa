package org.sunlight.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.sunlight.app.TestSunlight;

/**
 * The key flows' own tests, run again with every {@link TestSunlight} on PostgreSQL: inbound
 * acceptance and deduplication, the outbox through the sandbox, questions and the ladder's sweep
 * (also in pages over many complexes), and a disclosure publication end to end. (The whole suite runs on PostgreSQL with
 * {@code -Dsunlight.test.database=postgresql}.)
 */
class KeyFlowsOnPostgresTest {

    @Test
    void theKeyFlowsPassOnPostgresql() {
        String before = System.getProperty(TestSunlight.DATABASE_PROPERTY);
        System.setProperty(TestSunlight.DATABASE_PROPERTY, "postgresql");
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        try {
            LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                    .selectors(selectClass("org.sunlight.conversation.InboundPipelineTest"),
                            selectClass("org.sunlight.channel.sandbox.SandboxTest"),
                            selectClass("org.sunlight.question.QuestionCommandsTest"),
                            selectClass("org.sunlight.escalation.EscalationsTest"),
                            selectClass("org.sunlight.escalation.SpringFestivalLadderTest"),
                            selectClass("org.sunlight.escalation.EscalationSweepTest"),
                            selectClass("org.sunlight.disclosure.DisclosureEndToEndTest"))
                    .build();
            Launcher launcher = LauncherFactory.create();
            launcher.execute(request, listener);
        } finally {
            if (before == null) {
                System.clearProperty(TestSunlight.DATABASE_PROPERTY);
            } else {
                System.setProperty(TestSunlight.DATABASE_PROPERTY, before);
            }
        }
        TestExecutionSummary summary = listener.getSummary();
        StringWriter failures = new StringWriter();
        summary.printFailuresTo(new PrintWriter(failures), 20);

        assertThat(summary.getTestsSucceededCount()).as("tests run on PostgreSQL").isGreaterThanOrEqualTo(20);
        assertThat(summary.getTotalFailureCount()).as(failures.toString()).isZero();
    }
}
