package org.sunlight.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sunlight.app.Rejected;
import org.sunlight.app.Sunlight;
import org.sunlight.app.TestSunlight;
import org.sunlight.channel.Conversation;
import org.sunlight.channel.InboundMessage;
import org.sunlight.channel.sandbox.SandboxChannel;
import org.sunlight.ledger.LedgerFiles;
import org.sunlight.ledger.LedgerService;
import org.sunlight.ledger.UploadLinks;
import org.sunlight.schedule.ScheduledTask;

/**
 * Owners' messages (with WeChat's repeats), ledger uploads racing to confirm the same quarter,
 * every scheduled sweep, inbound processing and outbox delivery, all at once on one SQLite file
 * with the background workers running: no caller ever sees {@code SQLITE_BUSY} or "database is
 * locked", the only refusals are the service's own, and the counts add up.
 */
class ConcurrentWritersTest {

    private static final int SENDERS = 4;
    private static final int MESSAGES_PER_SENDER = 60;
    private static final int CONFIRMERS = 4;

    @TempDir
    Path directory;

    private Sunlight sunlight;

    @BeforeEach
    void start() {
        sunlight = TestSunlight.create(directory, Clock.fixed(Instant.parse("2026-04-10T02:00:00Z"), ZoneOffset.UTC));
        sunlight.startWorkers();
    }

    @AfterEach
    void close() {
        sunlight.close();
    }

    @Test
    void parallelCallbacksUploadsAndSweepsNeverSurfaceABusyDatabaseAndLoseNoWrite() throws Exception {
        long complexId = sunlight.registry().complexByCode("jinxiu").orElseThrow().complex().id();
        long person = sunlight.registry().personByCode("chen-jian").orElseThrow().id();
        UploadLinks.Link link = sunlight.uploadLinks().verify(sunlight.uploadLinks().issue(person, complexId));
        List<LedgerService.DryRun> dryRuns = new ArrayList<>();
        for (int i = 0; i < CONFIRMERS; i++) {
            dryRuns.add(sunlight.ledgers().dryRun(link, "q1-" + i + ".xlsx", LedgerFiles.xlsx(
                    LedgerFiles.quarter2026Q1())));
        }
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger filed = new AtomicInteger();
        ConcurrentLinkedQueue<String> refusals = new ConcurrentLinkedQueue<>();
        AtomicInteger refusedAsAlreadyFiled = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Callable<Void>> work = new ArrayList<>();
        for (int sender = 0; sender < SENDERS; sender++) {
            int id = sender;
            work.add(() -> {
                go.await();
                for (int n = 0; n < MESSAGES_PER_SENDER; n++) {
                    InboundMessage message = new InboundMessage("c-" + id + "-" + n, new Conversation(
                            SandboxChannel.NAME, "jinxiu", true, complexId), "owner-" + id, "提问 第" + n + "号楼漏水",
                            sunlight.clock().instant());
                    sunlight.inbound().accept(message);
                    if (n % 5 == 0) {
                        sunlight.inbound().accept(message);
                    }
                }
                return null;
            });
        }
        for (LedgerService.DryRun dryRun : dryRuns) {
            work.add(() -> {
                go.await();
                try {
                    sunlight.ledgers().confirm(link, dryRun.uploadId());
                    filed.incrementAndGet();
                } catch (Rejected alreadyFiled) {
                    refusals.add(alreadyFiled.getMessage());
                    refusedAsAlreadyFiled.incrementAndGet();
                }
                return null;
            });
        }
        work.add(() -> {
            go.await();
            for (int round = 0; round < 3; round++) {
                for (ScheduledTask task : sunlight.schedules().tasks()) {
                    sunlight.schedules().runNow(task);
                }
            }
            return null;
        });
        work.add(() -> {
            go.await();
            for (int round = 0; round < 20; round++) {
                sunlight.inbound().processPending();
                sunlight.outboxWorker().deliverDue();
            }
            return null;
        });
        ExecutorService pool = Executors.newFixedThreadPool(work.size());
        List<Future<Void>> futures = new ArrayList<>();
        for (Callable<Void> task : work) {
            futures.add(pool.submit(task));
        }
        go.countDown();
        for (Future<Void> future : futures) {
            try {
                future.get(120, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException failed) {
                failures.add(failed.getCause());
            }
        }
        pool.shutdown();
        sunlight.inbound().processPending();
        sunlight.outboxWorker().deliverDue();

        assertThat(failures).as("exceptions that reached a caller").isEmpty();
        assertThat(filed.get()).as("the quarter is filed once; refusals: %s; problems: %s", refusals,
                dryRuns.get(0).problems()).isEqualTo(1);
        assertThat(refusedAsAlreadyFiled.get()).isEqualTo(CONFIRMERS - 1);
        assertThat(count("SELECT count(*) FROM inbound_message WHERE channel = 'sandbox' AND dedup_key LIKE 'c-%'"))
                .isEqualTo(SENDERS * MESSAGES_PER_SENDER);
        assertThat(count("SELECT count(*) FROM inbound_message WHERE processed_at IS NULL")).isZero();
        assertThat(count("SELECT count(*) FROM ledger_period")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM statement")).isEqualTo(1);
        assertThat(sunlight.auditLog().verify().intact()).isTrue();
    }

    private int count(String sql) {
        return sunlight.jdbi().withHandle(handle -> handle.createQuery(sql).mapTo(Integer.class).one());
    }
}
