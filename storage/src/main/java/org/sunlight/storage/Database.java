package org.sunlight.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;

import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.sqlite.BusyHandler;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteDataSource;

/**
 * Opens Sunlight's SQLite database: applies the connection settings every connection needs and
 * runs the Flyway migrations. The returned {@link Jdbi} is thread-safe and is what services get.
 */
public final class Database {

    /** How long a writer waits for the lock before SQLite reports busy. */
    public static final int BUSY_TIMEOUT_MILLIS = 10_000;

    private Database() {
    }

    /**
     * Opens (creating if needed) the database file, migrates it to the latest schema and returns
     * a configured {@link Jdbi}.
     */
    public static Jdbi open(Path file) {
        SQLiteDataSource dataSource = dataSource(file);
        migrate(dataSource);
        Jdbi jdbi = Jdbi.create(dataSource);
        jdbi.installPlugin(new SqlObjectPlugin());
        jdbi.setTransactionHandler(new SerializedWrites(jdbi.getTransactionHandler()));
        return jdbi;
    }

    /**
     * A data source whose every connection has WAL, a busy timeout, foreign keys and IMMEDIATE
     * write transactions. The pragmas live in the data source rather than in init SQL because
     * pool init hooks have been seen to apply only the first of several pragmas.
     */
    public static SQLiteDataSource dataSource(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the database directory for " + file, e);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // FULL: whatever Sunlight acknowledges (an owner's question, a filed ledger) survives power loss.
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        config.enforceForeignKeys(true);
        // IMMEDIATE takes the write lock at BEGIN, so a read that later writes cannot hit SQLITE_BUSY_SNAPSHOT.
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource dataSource = new SQLiteDataSource(config) {
            @Override
            public SQLiteConnection getConnection(String username, String password) throws SQLException {
                SQLiteConnection connection = super.getConnection(username, password);
                BusyHandler.setHandler(connection, new PromptBusyHandler());
                return connection;
            }
        };
        dataSource.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        return dataSource;
    }

    private static void migrate(SQLiteDataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }
}
