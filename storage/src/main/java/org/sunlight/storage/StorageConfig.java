package org.sunlight.storage;

import javax.sql.DataSource;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.config.JdbiConfig;

/**
 * What a {@link Jdbi} made by {@link Database} knows about its database: the dialect (for the few
 * statements that differ, e.g. {@code FOR UPDATE SKIP LOCKED}) and the data source (for Quartz's
 * clustered job store). Read with {@code jdbi.getConfig(StorageConfig.class)}.
 */
public final class StorageConfig implements JdbiConfig<StorageConfig> {

    private Dialect dialect = Dialect.SQLITE;
    private DataSource dataSource;

    public StorageConfig() {
    }

    private StorageConfig(StorageConfig other) {
        this.dialect = other.dialect;
        this.dataSource = other.dataSource;
    }

    public Dialect dialect() {
        return dialect;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    StorageConfig set(Dialect newDialect, DataSource newDataSource) {
        this.dialect = newDialect;
        this.dataSource = newDataSource;
        return this;
    }

    /** The dialect of a Jdbi made by {@link Database}. */
    public static Dialect dialect(Jdbi jdbi) {
        return jdbi.getConfig(StorageConfig.class).dialect();
    }

    @Override
    public StorageConfig createCopy() {
        return new StorageConfig(this);
    }
}
