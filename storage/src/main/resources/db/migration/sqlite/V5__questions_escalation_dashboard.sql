-- Owners' questions, the ladder's reminders and decisions' bookkeeping, and officers' web logins.

-- An answered item keeps state 'open' with answered_at set: its clock is stopped and due_at becomes
-- the instant it closes by itself unless someone disputes. remind_at is when the tier is reminded
-- (NULL once reminded, or when there is nothing to remind of). rectification_ordered: after 责令整改
-- a second miss at the complex goes straight to the discipline office (拒不整改). missed_deadlines
-- counts deadlines the item missed (escalations by the sweep): an unanswered item that missed one
-- stays "overdue" for officers after it has climbed.
ALTER TABLE escalation_item ADD COLUMN answered_at INTEGER;
ALTER TABLE escalation_item ADD COLUMN remind_at INTEGER;
ALTER TABLE escalation_item ADD COLUMN rectification_ordered INTEGER NOT NULL DEFAULT 0
    CHECK (rectification_ordered IN (0, 1));
ALTER TABLE escalation_item ADD COLUMN missed_deadlines INTEGER NOT NULL DEFAULT 0;

CREATE INDEX escalation_open_remind ON escalation_item (state, remind_at);

-- One reminder per item, tier, deadline and kind; the sweep may run any number of times.
CREATE TABLE escalation_reminder (
    item_id  INTEGER NOT NULL REFERENCES escalation_item (id),
    tier     INTEGER NOT NULL,
    due_at   INTEGER NOT NULL,
    kind     TEXT    NOT NULL,
    sent_at  INTEGER NOT NULL,
    PRIMARY KEY (item_id, tier, due_at, kind)
) STRICT;

-- An owner's question. number is what owners quote ("进度 12"): a sequence per complex.
-- channel/target/is_group say where it was asked, so the answer is posted there.
CREATE TABLE question (
    id                 INTEGER PRIMARY KEY,
    complex_id         INTEGER NOT NULL REFERENCES complex (id),
    number             INTEGER NOT NULL,
    item_id            INTEGER REFERENCES escalation_item (id),
    asker              TEXT    NOT NULL,
    asker_name         TEXT    NOT NULL,
    household          TEXT,
    phone              TEXT,
    channel            TEXT    NOT NULL,
    target             TEXT    NOT NULL,
    is_group           INTEGER NOT NULL CHECK (is_group IN (0, 1)),
    text               TEXT    NOT NULL,
    asked_at           INTEGER NOT NULL,
    answer_due_at      INTEGER NOT NULL,
    answer_text        TEXT,
    answered_by        TEXT,
    answered_at        INTEGER,
    first_answered_at  INTEGER,
    UNIQUE (complex_id, number)
) STRICT;

CREATE INDEX question_by_item ON question (item_id);

-- Officers' passwords (Argon2id, encoded with its parameters and salt).
CREATE TABLE web_password (
    person_id   INTEGER PRIMARY KEY REFERENCES person (id),
    hash        TEXT    NOT NULL,
    updated_at  INTEGER NOT NULL
) STRICT;

-- Server-side sessions. Only the SHA-256 of the cookie's random id is stored.
CREATE TABLE web_session (
    id_hash     TEXT    PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES person (id),
    csrf_token  TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL
) STRICT;

-- Counted events for throttling (failed logins per account and per address, web questions per address).
CREATE TABLE rate_event (
    bucket  TEXT    NOT NULL,
    at      INTEGER NOT NULL
) STRICT;

CREATE INDEX rate_event_by_bucket ON rate_event (bucket, at);
