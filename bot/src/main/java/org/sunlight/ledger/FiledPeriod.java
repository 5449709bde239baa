package org.sunlight.ledger;

/** The figures declared for one filed period of one ledger. */
public record FiledPeriod(long id, long complexId, String kind, String period, Long openingBalanceFen,
                          String allocation, Integer households, Long areaCentiM2, long filedAt, String filedBy) {
}
