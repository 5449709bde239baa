package org.sunlight.registry;

import java.sql.ResultSet;
import java.sql.SQLException;

import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** Maps {@code person_role} rows, turning codes back into enums. */
public final class RoleAssignmentMapper implements RowMapper<RoleAssignment> {

    @Override
    public RoleAssignment map(ResultSet rs, StatementContext ctx) throws SQLException {
        String roleCode = rs.getString("role");
        Role role = Role.fromCode(roleCode)
                .orElseThrow(() -> new SQLException("unknown role in database: " + roleCode));
        return new RoleAssignment(rs.getLong("person_id"), role, ScopeType.fromCode(rs.getString("scope")),
                rs.getLong("scope_id"));
    }
}
