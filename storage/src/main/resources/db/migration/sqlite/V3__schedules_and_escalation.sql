-- Scheduled tasks' last runs, and the escalation ladder's items with their timelines.

CREATE TABLE schedule_run (
    task_key     TEXT    PRIMARY KEY,
    last_run_at  INTEGER NOT NULL,
    last_error   TEXT
) STRICT;

-- Something that must be acted on, at a tier of the ladder: 0 complex (committee/property),
-- 1 community, 2 town, 3 discipline office. subject_ref says what it is about (e.g. 'question:12',
-- 'duty:jinxiu:public-revenue:2026Q1') and is unique per kind, so opening it twice is a no-op.
CREATE TABLE escalation_item (
    id                INTEGER PRIMARY KEY,
    complex_id        INTEGER NOT NULL REFERENCES complex (id),
    kind              TEXT    NOT NULL,
    subject_ref       TEXT    NOT NULL,
    title             TEXT    NOT NULL,
    detail            TEXT    NOT NULL,
    tier              INTEGER NOT NULL CHECK (tier BETWEEN 0 AND 3),
    state             TEXT    NOT NULL CHECK (state IN ('open', 'resolved', 'dismissed')),
    opened_at         INTEGER NOT NULL,
    tier_received_at  INTEGER NOT NULL,
    due_at            INTEGER,
    closed_at         INTEGER,
    UNIQUE (kind, subject_ref)
) STRICT;

CREATE INDEX escalation_open_due ON escalation_item (state, due_at);
CREATE INDEX escalation_by_complex ON escalation_item (complex_id, state);

-- Every step of an item's life, for its timeline.
CREATE TABLE escalation_event (
    id         INTEGER PRIMARY KEY,
    item_id    INTEGER NOT NULL REFERENCES escalation_item (id),
    at         INTEGER NOT NULL,
    actor      TEXT    NOT NULL,
    action     TEXT    NOT NULL,
    from_tier  INTEGER,
    to_tier    INTEGER,
    note       TEXT    NOT NULL DEFAULT ''
) STRICT;

CREATE INDEX escalation_event_by_item ON escalation_event (item_id, id);
