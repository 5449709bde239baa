-- Per-complex figures for the officers' league tables, kept up to date in the transaction that asks
-- or first answers a question, so a league page reads one row per complex instead of every question.

-- Questions asked, first answers, and first answers given before the question's deadline.
CREATE TABLE complex_question_stats (
    complex_id        BIGINT  PRIMARY KEY REFERENCES complex (id),
    asked             INTEGER NOT NULL DEFAULT 0,
    answered          INTEGER NOT NULL DEFAULT 0,
    answered_on_time  INTEGER NOT NULL DEFAULT 0
);

-- How many first answers took each number of working days: a complex's median comes from a few rows.
CREATE TABLE complex_answer_days (
    complex_id    BIGINT  NOT NULL REFERENCES complex (id),
    working_days  INTEGER NOT NULL,
    answered      INTEGER NOT NULL,
    PRIMARY KEY (complex_id, working_days)
);

-- Working days from the day asked to the day first answered (0 = the same day), counted with the
-- calendar when answered. NULL until then; answers older than this column are counted at start.
ALTER TABLE question ADD COLUMN answer_working_days INTEGER;
CREATE INDEX question_days_missing ON question (id)
    WHERE first_answered_at IS NOT NULL AND answer_working_days IS NULL;

-- Unanswered questions by deadline (only those are indexed), for the share answered on time.
CREATE INDEX question_unanswered_due ON question (answer_due_at, complex_id) WHERE first_answered_at IS NULL;

-- Officers' queues, read a page at a time (docs/performance.md): open items in queue order (most
-- escalated first, then earliest deadline), the same per complex (replacing escalation_by_complex,
-- its prefix), and the few open unanswered items that already missed a deadline and climbed
-- (overdue whatever their current deadline; the others are found through escalation_open_due).
CREATE INDEX escalation_queue ON escalation_item (state, tier DESC, due_at);
CREATE INDEX escalation_complex_queue ON escalation_item (complex_id, state, tier DESC, due_at);
DROP INDEX escalation_by_complex;
CREATE INDEX escalation_climbed ON escalation_item (state, missed_deadlines, answered_at, complex_id)
    WHERE missed_deadlines > 0;

INSERT INTO complex_question_stats (complex_id, asked, answered, answered_on_time)
SELECT complex_id, count(*), count(first_answered_at),
       sum(CASE WHEN first_answered_at < answer_due_at THEN 1 ELSE 0 END)
FROM question GROUP BY complex_id;
