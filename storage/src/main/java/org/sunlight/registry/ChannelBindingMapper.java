package org.sunlight.registry;

import java.sql.ResultSet;
import java.sql.SQLException;

import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** Maps {@code channel_binding} rows. */
public final class ChannelBindingMapper implements RowMapper<ChannelBinding> {

    @Override
    public ChannelBinding map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new ChannelBinding(ScopeType.fromCode(rs.getString("scope")), rs.getLong("scope_id"),
                rs.getString("purpose"), rs.getString("channel"), rs.getString("target"));
    }
}
