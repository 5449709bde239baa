package org.sunlight.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;

import java.lang.reflect.Type;
import java.sql.Types;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.argument.ArgumentFactory;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.sqlite.BusyHandler;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteDataSource;

/**
 * Opens Sunlight's database, SQLite (the embedded default) or PostgreSQL (for several nodes): applies
 * the connection settings every connection needs and runs the dialect's Flyway migrations. The
 * returned {@link Jdbi} is thread-safe and is what services get; its {@link StorageConfig} says the
 * dialect.
 */
public final class Database {

    /** How long a writer waits for the lock before SQLite reports busy. */
    public static final int BUSY_TIMEOUT_MILLIS = 10_000;

    /**
     * SQLite's own WAL checkpoint threshold on every connection, in pages: a backstop only. The pool
     * checkpoints in the background ({@link SqlitePool#CHECKPOINT_MILLIS}); at SQLite's default of
     * 1,000 pages, the commit of any large write (a sweep page, a quarter-close batch) ran a full
     * checkpoint with its fsyncs itself.
     */
    static final int AUTOCHECKPOINT_PAGES = 10_000;

    /** SQLite connections kept open for reuse; more are opened when needed (see {@link SqlitePool}). */
    static final int IDLE_SQLITE_CONNECTIONS = 16;

    private Database() {
    }

    /**
     * Opens (creating if needed) the database file, migrates it to the latest schema and returns
     * a configured {@link Jdbi}.
     */
    public static Jdbi open(Path file) {
        return open(DatabaseSettings.sqlite(file));
    }

    /** Opens the database the settings name, migrates it and returns a configured {@link Jdbi}. */
    public static Jdbi open(DatabaseSettings settings) {
        Dialect dialect = settings.dialect();
        DataSource dataSource = dialect == Dialect.SQLITE
                ? new SqlitePool(dataSource(settings.sqliteFile()), IDLE_SQLITE_CONNECTIONS)
                : pool(settings);
        migrate(dataSource, dialect);
        Jdbi jdbi = Jdbi.create(dataSource);
        jdbi.installPlugin(new SqlObjectPlugin());
        jdbi.getConfig(StorageConfig.class).set(dialect, dataSource);
        if (dialect == Dialect.POSTGRESQL) {
            // Flags are INTEGER 0/1 in both dialects; PostgreSQL will not store a boolean in a BIGINT column.
            jdbi.registerArgument(new IntegerBooleans());
            // Instants are BIGINT epoch ms in both dialects; the SQLite driver converts on its own, PostgreSQL's not.
            jdbi.registerArgument(new EpochMillisInstants());
            jdbi.registerColumnMapper(Instant.class, (results, column, context) -> {
                long millis = results.getLong(column);
                return results.wasNull() ? null : Instant.ofEpochMilli(millis);
            });
        }
        if (dialect == Dialect.SQLITE) {
            // One writer at a time anyway: queue on a fair Java lock instead of SQLite's napping busy handler.
            jdbi.setTransactionHandler(new SerializedWrites(jdbi.getTransactionHandler()));
        }
        return jdbi;
    }

    /**
     * Closes the connections a {@link Jdbi} made by {@link #open} keeps (SQLite's idle ones, the
     * PostgreSQL pool). Handles still open close their connections when they are closed.
     */
    public static void close(Jdbi jdbi) {
        if (jdbi.getConfig(StorageConfig.class).dataSource() instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot close the database connections", e);
            }
        }
    }

    /** A connection pool to PostgreSQL; every connection in UTC so nothing depends on the server's zone. */
    private static HikariDataSource pool(DatabaseSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setPoolName("sunlight");
        config.setMaximumPoolSize(10);
        // Idle nodes keep one connection, so N nodes do not hold 10 × N server processes for nothing.
        config.setMinimumIdle(1);
        config.setIdleTimeout(60_000);
        config.setConnectionInitSql("SET TIME ZONE 'UTC'");
        return new HikariDataSource(config);
    }

    /**
     * A data source whose every connection has WAL, a busy timeout, foreign keys and IMMEDIATE
     * write transactions. The pragmas live in the data source rather than in init SQL because
     * pool init hooks have been seen to apply only the first of several pragmas. Before the first
     * one, the driver is pointed at a cached copy of its native library ({@link SqliteNativeLibrary}).
     */
    public static SQLiteDataSource dataSource(Path file) {
        SqliteNativeLibrary.prepare();
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
                try (Statement statement = connection.createStatement()) {
                    statement.execute("PRAGMA wal_autocheckpoint = " + AUTOCHECKPOINT_PAGES);
                }
                return connection;
            }
        };
        dataSource.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        return dataSource;
    }

    /**
     * Brings the schema up to date. Flyway's own start-up (hundreds of classes, its resource scanner)
     * was about a tenth of {@code serve}'s start with nothing to migrate, so Flyway runs only when the
     * history differs in any way from the bundled migrations; it then validates and applies as always.
     */
    private static void migrate(DataSource dataSource, Dialect dialect) {
        if (!BundledMigrations.schema(dialect).applied(dataSource, BundledMigrations.SCHEMA_HISTORY)) {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations(dialect.migrations())
                    .load()
                    .migrate();
        }
        if (dialect == Dialect.POSTGRESQL
                && !BundledMigrations.quartz().applied(dataSource, BundledMigrations.QUARTZ_HISTORY)) {
            // Quartz's tables for the clustered job store, versioned apart from Sunlight's own schema.
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:" + BundledMigrations.QUARTZ_FOLDER)
                    .table(BundledMigrations.QUARTZ_HISTORY)
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .load()
                    .migrate();
        }
    }

    /** Binds instants as epoch milliseconds, as the SQLite driver does. */
    private static final class EpochMillisInstants implements ArgumentFactory.Preparable {
        @Override
        public Optional<Function<Object, Argument>> prepare(Type type, ConfigRegistry config) {
            if (type != Instant.class) {
                return Optional.empty();
            }
            return Optional.of(value -> (position, statement, context) -> {
                if (value == null) {
                    statement.setNull(position, Types.BIGINT);
                } else {
                    statement.setLong(position, ((Instant) value).toEpochMilli());
                }
            });
        }
    }

    /** Binds Java booleans as 0/1, as the SQLite driver does. */
    private static final class IntegerBooleans implements ArgumentFactory.Preparable {
        @Override
        public Optional<Function<Object, Argument>> prepare(Type type, ConfigRegistry config) {
            if (type != boolean.class && type != Boolean.class) {
                return Optional.empty();
            }
            return Optional.of(value -> (position, statement, context) -> {
                if (value == null) {
                    statement.setNull(position, Types.INTEGER);
                } else {
                    statement.setInt(position, (Boolean) value ? 1 : 0);
                }
            });
        }
    }
}
