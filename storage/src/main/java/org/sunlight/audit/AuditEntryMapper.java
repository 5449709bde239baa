package org.sunlight.audit;

import java.sql.ResultSet;
import java.sql.SQLException;

import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** Maps {@code audit_log} rows. */
public final class AuditEntryMapper implements RowMapper<AuditEntry> {

    @Override
    public AuditEntry map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new AuditEntry(rs.getLong("seq"), rs.getLong("at"), rs.getString("actor"), rs.getString("action"),
                rs.getString("subject"), rs.getString("detail"), rs.getString("prev_hash"), rs.getString("hash"));
    }
}
