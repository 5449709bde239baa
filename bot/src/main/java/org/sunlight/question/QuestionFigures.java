package org.sunlight.question;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.sunlight.calendar.WorkingCalendar;

/**
 * The per-complex question figures the league tables read (tables {@code complex_question_stats}
 * and {@code complex_answer_days}): counted when a question is asked or first answered, in the
 * same transaction, so they can never disagree with the questions. Thread-safe.
 */
public final class QuestionFigures {

    private final Jdbi jdbi;
    private final WorkingCalendar calendar;

    public QuestionFigures(Jdbi jdbi, WorkingCalendar calendar) {
        this.jdbi = jdbi;
        this.calendar = calendar;
    }

    /** Records a question's first answer at {@code now}: working days taken, and whether it beat the deadline. */
    static void firstAnswer(Handle handle, Question question, Instant now, WorkingCalendar calendar) {
        int days = calendar.workingDaysBetween(day(question.askedAt()), day(now));
        handle.createUpdate("UPDATE question SET answer_working_days = :days WHERE id = :id")
                .bind("days", days).bind("id", question.id()).execute();
        handle.createUpdate("INSERT INTO complex_question_stats (complex_id, answered, answered_on_time) "
                        + "VALUES (:complex, 1, :onTime) ON CONFLICT (complex_id) DO UPDATE SET "
                        + "answered = complex_question_stats.answered + 1, "
                        + "answered_on_time = complex_question_stats.answered_on_time + excluded.answered_on_time")
                .bind("complex", question.complexId()).bind("onTime", now.isBefore(question.answerDueAt()) ? 1 : 0)
                .execute();
        countDays(handle, question.complexId(), days);
    }

    /**
     * Counts the working days of first answers given before these figures existed (migration V8
     * counted their number but could not use the calendar). Cheap when there are none: an index
     * holds only such questions. Returns how many were counted.
     */
    public int countOlderAnswers() {
        return jdbi.inTransaction(handle -> {
            List<long[]> missing = handle.createQuery("SELECT id, complex_id, asked_at, first_answered_at "
                            + "FROM question WHERE first_answered_at IS NOT NULL AND answer_working_days IS NULL")
                    .map((row, context) -> new long[] {row.getLong(1), row.getLong(2), row.getLong(3),
                            row.getLong(4)}).list();
            for (long[] question : missing) {
                int days = calendar.workingDaysBetween(day(Instant.ofEpochMilli(question[2])),
                        day(Instant.ofEpochMilli(question[3])));
                handle.createUpdate("UPDATE question SET answer_working_days = :days WHERE id = :id")
                        .bind("days", days).bind("id", question[0]).execute();
                countDays(handle, question[1], days);
            }
            return missing.size();
        });
    }

    private static void countDays(Handle handle, long complexId, int days) {
        handle.createUpdate("INSERT INTO complex_answer_days (complex_id, working_days, answered) "
                        + "VALUES (:complex, :days, 1) ON CONFLICT (complex_id, working_days) DO UPDATE SET "
                        + "answered = complex_answer_days.answered + 1")
                .bind("complex", complexId).bind("days", days).execute();
    }

    private static LocalDate day(Instant instant) {
        return LocalDate.ofInstant(instant, WorkingCalendar.ZONE);
    }
}
