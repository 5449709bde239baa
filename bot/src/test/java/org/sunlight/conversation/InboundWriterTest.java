package org.sunlight.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sunlight.channel.Conversation;
import org.sunlight.channel.InboundMessage;
import org.sunlight.storage.Database;

class InboundWriterTest {

    @TempDir
    Path directory;

    private static InboundMessage message(String key, Long complexId) {
        return new InboundMessage(key, new Conversation("wecom-kf", "ext", false, complexId), "openid", "提问 " + key,
                Instant.parse("2026-03-02T02:00:00Z"));
    }

    @Test
    void parallelCallersAreEachCommittedOnceAndRetriesAreRecognised() throws Exception {
        Jdbi jdbi = Database.open(directory.resolve("sunlight.db"));
        InboundWriter writer = new InboundWriter(jdbi);
        writer.start();
        ExecutorService callers = Executors.newFixedThreadPool(16);
        List<Future<InboundPipeline.Accepted>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 2_000; i++) {
                String key = "msg-" + (i % 1_500); // 500 retries of earlier messages
                results.add(callers.submit(() -> writer.write(message(key, null))));
            }
            int duplicates = 0;
            for (Future<InboundPipeline.Accepted> result : results) {
                duplicates += result.get(30, TimeUnit.SECONDS).duplicate() ? 1 : 0;
            }

            assertThat(duplicates).isEqualTo(500);
            int stored = jdbi.withHandle(handle -> handle.createQuery("SELECT count(*) FROM inbound_message")
                    .mapTo(Integer.class).one());
            assertThat(stored).isEqualTo(1_500);
        } finally {
            callers.shutdownNow();
            writer.close();
        }
    }

    @Test
    void oneBadMessageDoesNotFailTheOthersInItsBatch() throws Exception {
        Jdbi jdbi = Database.open(directory.resolve("sunlight.db"));
        InboundWriter writer = new InboundWriter(jdbi);
        writer.start();
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Future<InboundPipeline.Accepted>> good = new ArrayList<>();
            Future<InboundPipeline.Accepted> bad = callers.submit(() -> writer.write(message("bad", 999L)));
            for (int i = 0; i < 50; i++) {
                String key = "good-" + i;
                good.add(callers.submit(() -> writer.write(message(key, null))));
            }
            for (Future<InboundPipeline.Accepted> result : good) {
                assertThat(result.get(30, TimeUnit.SECONDS).duplicate()).isFalse();
            }
            assertThatThrownBy(() -> bad.get(30, TimeUnit.SECONDS)).hasStackTraceContaining("FOREIGN KEY");
        } finally {
            callers.shutdownNow();
            writer.close();
        }
    }
}
