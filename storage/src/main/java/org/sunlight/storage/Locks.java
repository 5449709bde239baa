package org.sunlight.storage;

import org.jdbi.v3.core.Handle;

/**
 * Cluster-wide mutual exclusion for the few places that read-then-write a counter (the next question
 * number, the next statement version). SQLite needs nothing: its IMMEDIATE transactions already run
 * one at a time. On PostgreSQL a transaction-scoped advisory lock, released at commit or rollback.
 */
public final class Locks {

    private Locks() {
    }

    /** Waits until no other transaction in the cluster holds {@code key}, and holds it until this one ends. */
    public static void lockForTransaction(Handle handle, String key) {
        if (handle.getConfig(StorageConfig.class).dialect() == Dialect.POSTGRESQL) {
            handle.createQuery("SELECT pg_advisory_xact_lock(hashtext(:key))").bind("key", key)
                    .mapToMap().one();
        }
    }

    /** Takes {@code key} for this transaction if free; false when another transaction holds it. */
    public static boolean tryLockForTransaction(Handle handle, String key) {
        if (handle.getConfig(StorageConfig.class).dialect() != Dialect.POSTGRESQL) {
            return true;
        }
        return handle.createQuery("SELECT pg_try_advisory_xact_lock(hashtext(:key))").bind("key", key)
                .mapTo(Boolean.class).one();
    }
}
