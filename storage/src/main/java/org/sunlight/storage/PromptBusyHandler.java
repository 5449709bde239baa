package org.sunlight.storage;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.sqlite.BusyHandler;

/**
 * Retries a locked database every 50 µs (1 ms after the first hundred tries) for up to
 * {@link Database#BUSY_TIMEOUT_MILLIS}. SQLite's own busy timeout naps 1, 2, 5 … up to 100 ms
 * between tries, so a writer that met a lock held for a millisecond slept tens of milliseconds:
 * under callback load that nap, not the disk, set the latency. One per connection.
 */
final class PromptBusyHandler extends BusyHandler {

    private long firstTry;

    @Override
    protected int callback(int tries) {
        long now = System.nanoTime();
        if (tries == 0) {
            firstTry = now;
        }
        if (now - firstTry > TimeUnit.MILLISECONDS.toNanos(Database.BUSY_TIMEOUT_MILLIS)) {
            return 0;
        }
        LockSupport.parkNanos(tries < 100 ? 50_000 : 1_000_000);
        return 1;
    }
}
