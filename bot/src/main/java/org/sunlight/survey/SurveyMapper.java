package org.sunlight.survey;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads {@code survey} rows. */
final class SurveyMapper {

    private SurveyMapper() {
    }

    static Survey map(ResultSet rs) throws SQLException {
        return new Survey(rs.getLong("id"), rs.getLong("complex_id"), SurveySubject.fromCode(rs.getString("subject")),
                rs.getString("half"), rs.getString("opened_by"), rs.getLong("opened_at"), rs.getLong("closes_at"),
                nullableLong(rs, "closed_at"), nullableInt(rs, "satisfied"),
                nullableInt(rs, "votes"));
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static Integer nullableInt(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }
}
