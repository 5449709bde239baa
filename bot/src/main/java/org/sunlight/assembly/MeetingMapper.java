package org.sunlight.assembly;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;

/** Reads {@code meeting_notice} rows. */
final class MeetingMapper {

    private MeetingMapper() {
    }

    static MeetingNotice map(ResultSet rs) throws SQLException {
        return new MeetingNotice(rs.getLong("id"), rs.getLong("complex_id"), MeetingKind.fromCode(rs.getString("kind")),
                LocalDate.parse(rs.getString("meeting_date")), rs.getString("agenda"), rs.getLong("posted_by"),
                rs.getLong("posted_at"), rs.getInt("lead_days"), rs.getInt("late") == 1, rs.getString("results"),
                nullableLong(rs, "results_at"));
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
