package org.sunlight.storage;

import java.nio.file.Path;

/**
 * Where the database is: a JDBC URL and, for PostgreSQL, the user and password (the password comes
 * from the environment or a file, never from the config file, and is never logged).
 */
public record DatabaseSettings(String url, String user, String password) {

    public DatabaseSettings {
        Dialect.ofUrl(url);
    }

    /** The embedded SQLite file. */
    public static DatabaseSettings sqlite(Path file) {
        return new DatabaseSettings("jdbc:sqlite:" + file.toAbsolutePath(), null, null);
    }

    public Dialect dialect() {
        return Dialect.ofUrl(url);
    }

    /** The SQLite file this URL names. */
    public Path sqliteFile() {
        if (dialect() != Dialect.SQLITE) {
            throw new IllegalStateException("not a SQLite URL: " + url);
        }
        return Path.of(url.substring("jdbc:sqlite:".length()));
    }

    @Override
    public String toString() {
        return "DatabaseSettings[url=" + url + ", user=" + user + ", password=" + (password == null ? "none" : "***")
                + "]";
    }
}
