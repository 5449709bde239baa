package org.sunlight.storage;

import java.util.Locale;

/** The SQL databases Sunlight runs on; chosen by the JDBC URL. */
public enum Dialect {
    /** The embedded default: one file, one node. */
    SQLITE("sqlite"),
    /** For several nodes behind a load balancer. */
    POSTGRESQL("postgresql");

    private final String folder;

    Dialect(String folder) {
        this.folder = folder;
    }

    /** The Flyway location of this dialect's migrations (same versions, same tables in each). */
    public String migrations() {
        return "classpath:db/migration/" + folder;
    }

    /** The dialect a JDBC URL names; anything but {@code jdbc:sqlite:} or {@code jdbc:postgresql:} is refused. */
    public static Dialect ofUrl(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:sqlite:")) {
            return SQLITE;
        }
        if (lower.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("database-url must start with jdbc:sqlite: or jdbc:postgresql:, not '"
                + url + "'");
    }
}
