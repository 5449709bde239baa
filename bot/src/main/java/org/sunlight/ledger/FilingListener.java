package org.sunlight.ledger;

import org.sunlight.registry.ComplexView;

/**
 * Told, inside the filing's transaction, that a ledger period changed (filed, supplemented or
 * corrected), so its statement is published in the same commit.
 */
@FunctionalInterface
public interface FilingListener {

    void changed(ComplexView complex, LedgerKind kind, Period period, String actor);
}
