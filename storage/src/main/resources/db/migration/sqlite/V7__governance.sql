-- Governance duties beyond the statements: standing posts (committee roster, legal advisers),
-- half-yearly satisfaction surveys, owners' assembly and annual report meeting notices.

-- What a committee member shows the owners (seed 004 (二)5): position, photo, pledge.
CREATE TABLE person_profile (
    person_id  INTEGER PRIMARY KEY REFERENCES person (id),
    position   TEXT    NOT NULL,
    photo      TEXT,
    pledge     TEXT
) STRICT;

-- The town's legal advisers (seed 000 #14, seed 004 (五)4).
CREATE TABLE legal_adviser (
    town_id  INTEGER NOT NULL REFERENCES town (id),
    name     TEXT    NOT NULL,
    firm     TEXT,
    phone    TEXT    NOT NULL,
    PRIMARY KEY (town_id, name)
) STRICT;

-- The last version of a standing post put up in a complex's group; a new digest means re-post.
CREATE TABLE standing_post (
    complex_id  INTEGER NOT NULL REFERENCES complex (id),
    kind        TEXT    NOT NULL CHECK (kind IN ('committee', 'advisers')),
    digest      TEXT    NOT NULL,
    posted_at   INTEGER NOT NULL,
    PRIMARY KEY (complex_id, kind)
) STRICT;

-- A satisfaction survey of the committee or of the property company, for one half-year.
CREATE TABLE survey (
    id          INTEGER PRIMARY KEY,
    complex_id  INTEGER NOT NULL REFERENCES complex (id),
    subject     TEXT    NOT NULL CHECK (subject IN ('committee', 'property')),
    half        TEXT    NOT NULL,
    opened_by   TEXT    NOT NULL,
    opened_at   INTEGER NOT NULL,
    closes_at   INTEGER NOT NULL,
    closed_at   INTEGER,
    satisfied   INTEGER,
    votes       INTEGER,
    UNIQUE (complex_id, subject, half)
) STRICT;

CREATE INDEX survey_open ON survey (closed_at, closes_at);

-- One vote per household; a later vote of the same household replaces the earlier one until close.
CREATE TABLE survey_vote (
    survey_id   INTEGER NOT NULL REFERENCES survey (id),
    household   TEXT    NOT NULL,
    person_id   INTEGER NOT NULL REFERENCES person (id),
    satisfied   INTEGER NOT NULL CHECK (satisfied IN (0, 1)),
    voted_at    INTEGER NOT NULL,
    changes     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (survey_id, household)
) STRICT;

-- An owners' assembly (业主大会) or a committee annual report meeting (述职会) and its notice.
CREATE TABLE meeting_notice (
    id            INTEGER PRIMARY KEY,
    complex_id    INTEGER NOT NULL REFERENCES complex (id),
    kind          TEXT    NOT NULL CHECK (kind IN ('assembly', 'annual-report')),
    meeting_date  TEXT    NOT NULL,
    agenda        TEXT    NOT NULL,
    posted_by     INTEGER NOT NULL REFERENCES person (id),
    posted_at     INTEGER NOT NULL,
    lead_days     INTEGER NOT NULL,
    late          INTEGER NOT NULL CHECK (late IN (0, 1)),
    results       TEXT,
    results_at    INTEGER
) STRICT;

CREATE INDEX meeting_by_complex ON meeting_notice (complex_id, meeting_date);
