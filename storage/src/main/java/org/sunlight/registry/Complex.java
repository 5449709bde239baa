package org.sunlight.registry;

/** A residential complex (小区): one supervision group, one set of ledgers. */
public record Complex(long id, long communityId, String code, String name, int households,
                      long fundFirstDepositFen) {
}
