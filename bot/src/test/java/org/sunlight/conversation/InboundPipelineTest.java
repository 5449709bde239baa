package org.sunlight.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sunlight.app.Sunlight;
import org.sunlight.app.TestSunlight;
import org.sunlight.channel.Conversation;
import org.sunlight.channel.InboundMessage;

class InboundPipelineTest {

    @TempDir
    Path directory;

    private static InboundMessage help(String dedupKey) {
        return new InboundMessage(dedupKey, new Conversation("sandbox", "complex:jinxiu:owners", true, 1L),
                "wang-fang", "帮助", Instant.parse("2026-03-02T02:00:00Z"));
    }

    private static int count(Sunlight sunlight, String sql) {
        return sunlight.jdbi().withHandle(handle -> handle.createQuery(sql).mapTo(Integer.class).one());
    }

    @Test
    void aRetriedCallbackIsStoredAndAnsweredOnce() {
        try (Sunlight sunlight = TestSunlight.create(directory)) {
            InboundPipeline.Accepted first = sunlight.inbound().accept(help("msg-1"));
            InboundPipeline.Accepted retry = sunlight.inbound().accept(help("msg-1"));
            sunlight.inbound().processPending();

            assertThat(first.duplicate()).isFalse();
            assertThat(retry.duplicate()).isTrue();
            assertThat(retry.id()).isEqualTo(first.id());
            assertThat(count(sunlight, "SELECT count(*) FROM inbound_message")).isEqualTo(1);
            assertThat(count(sunlight, "SELECT count(*) FROM outbox")).isEqualTo(1);
        }
    }

    @Test
    void messagesAcceptedBeforeACrashAreAnsweredAfterTheRestart() {
        try (Sunlight beforeCrash = TestSunlight.create(directory)) {
            beforeCrash.inbound().accept(help("msg-2"));
            // the process dies here: accepted (and acknowledged to the channel) but not yet processed
        }

        try (Sunlight afterRestart = TestSunlight.create(directory)) {
            assertThat(afterRestart.inbound().processPending()).isEqualTo(1);
            afterRestart.outboxWorker().deliverDue();
            afterRestart.inbound().processPending();

            assertThat(count(afterRestart, "SELECT count(*) FROM outbox WHERE state = 'sent'")).isEqualTo(1);
            assertThat(count(afterRestart, "SELECT count(*) FROM sandbox_message WHERE sender_code IS NULL"))
                    .isEqualTo(1);
            assertThat(afterRestart.inbound().processPending()).isZero();
        }
    }

    @Test
    void anUnknownSenderIsToldToRegister() {
        try (Sunlight sunlight = TestSunlight.create(directory)) {
            sunlight.inbound().accept(new InboundMessage("msg-3", new Conversation("wecom-kf", "ext-1", false, null),
                    "stranger-openid", "帮助", Instant.parse("2026-03-02T02:00:00Z")));
            sunlight.inbound().processPending();

            String reply = sunlight.jdbi().withHandle(handle -> handle.createQuery("SELECT body FROM outbox")
                    .mapTo(String.class).one());
            assertThat(reply).contains("您还没有登记身份");
        }
    }

    @Test
    void aMessageThatFailsAmongOthersIsRolledBackAloneAndApologisedFor() {
        try (Sunlight sunlight = TestSunlight.create(directory)) {
            // "记 x" stores a town x; "炸 x" stores one too and then fails.
            InboundPipeline pipeline = new InboundPipeline(sunlight.jdbi(), sunlight.registry(),
                    new CommandRegistry(List.of(townCommand(sunlight, "note", "记", false),
                            townCommand(sunlight, "boom", "炸", true))),
                    sunlight.outbox(), sunlight.templates(), sunlight.clock());
            String[] texts = {"记 t1", "炸 t2", "记 t3", "炸 t4", "记 t5"};
            for (int i = 0; i < texts.length; i++) {
                pipeline.accept(new InboundMessage("batch-" + i, new Conversation("sandbox", "complex:jinxiu:owners",
                        false, 1L), "wang-fang", texts[i], Instant.parse("2026-03-02T02:00:00Z")));
            }

            assertThat(pipeline.processPending()).isEqualTo(5);

            List<String> towns = sunlight.jdbi().withHandle(handle -> handle.createQuery("SELECT code FROM town "
                    + "WHERE code LIKE 't%' ORDER BY code").mapTo(String.class).list());
            assertThat(towns).containsExactly("t1", "t3", "t5");
            List<String> replies = sunlight.jdbi().withHandle(handle -> handle.createQuery("SELECT idempotency_key "
                    + "FROM outbox ORDER BY id").mapTo(String.class).list());
            assertThat(replies).hasSize(5).filteredOn(key -> key.endsWith(":error")).hasSize(2);
            assertThat(count(sunlight, "SELECT count(*) FROM inbound_message WHERE processed_at IS NULL")).isZero();
            assertThat(pipeline.processPending()).isZero();
        }
    }

    private static ChatCommand townCommand(Sunlight sunlight, String key, String word, boolean fails) {
        return TestCommand.of(key, Set.of(), context -> {
            sunlight.jdbi().useTransaction(handle -> handle.execute("INSERT INTO town (code, name) VALUES (?, '测')",
                    context.arguments()));
            if (fails) {
                throw new IllegalStateException("boom");
            }
            return List.of("记下了 " + context.arguments());
        }, word);
    }
}
