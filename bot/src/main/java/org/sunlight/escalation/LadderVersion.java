package org.sunlight.escalation;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.jdbi.v3.core.Jdbi;

/**
 * What the ladder's figures depend on, read in one cheap query: the newest audit entry (every state
 * change of an item, every deployment change writes one), the newest timeline event and question,
 * and the current minute (items become overdue as time passes). Figures computed for one version
 * can be reused until it changes; {@link #cached} keeps a few. Thread-safe.
 */
public final class LadderVersion {

    /** Results kept per cache; older ones are dropped first. */
    private static final int KEPT = 32;

    private final Jdbi jdbi;
    private final Clock clock;
    private final Map<String, Object> results = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
            return size() > KEPT;
        }
    };

    public LadderVersion(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** The current version, e.g. {@code 812:455:301:29650012}. */
    public String current() {
        String stored = jdbi.withHandle(handle -> handle.createQuery("SELECT (SELECT coalesce(max(seq), 0) FROM "
                        + "audit_log) || ':' || (SELECT coalesce(max(id), 0) FROM escalation_event) || ':' || "
                        + "(SELECT coalesce(max(id), 0) FROM question)")
                .mapTo(String.class).one());
        return stored + ":" + clock.millis() / 60_000;
    }

    /** The value computed for {@code key} at the current version, computing it when missing. */
    @SuppressWarnings("unchecked")
    public <T> T cached(String key, Supplier<T> compute) {
        String versioned = current() + "|" + key;
        synchronized (results) {
            Object hit = results.get(versioned);
            if (hit != null) {
                return (T) hit;
            }
        }
        T value = compute.get();
        synchronized (results) {
            results.put(versioned, value);
        }
        return value;
    }
}
