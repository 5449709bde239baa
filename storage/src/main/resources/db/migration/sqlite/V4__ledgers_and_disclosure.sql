-- Ledgers (public revenue, shared utility, maintenance-fund withdrawals), upload links and dry runs,
-- published statements and the disclosure duties with their due dates.
-- Money is INTEGER fen; instants INTEGER epoch ms; dates TEXT ISO (yyyy-MM-dd); periods TEXT
-- ('2026Q1' for quarters, '2026-03' for months). Nothing here is ever updated or deleted except
-- upload/link bookkeeping: a correction is a new, reversing entry.

-- One filed period of one ledger: the figures declared for the period as a whole.
CREATE TABLE ledger_period (
    id                   INTEGER PRIMARY KEY,
    complex_id           INTEGER NOT NULL REFERENCES complex (id),
    kind                 TEXT    NOT NULL CHECK (kind IN ('public-revenue', 'utility', 'fund')),
    period               TEXT    NOT NULL,
    opening_balance_fen  INTEGER,
    allocation           TEXT,
    households           INTEGER,
    area_centi_m2        INTEGER,
    filed_at             INTEGER NOT NULL,
    filed_by             TEXT    NOT NULL,
    UNIQUE (complex_id, kind, period)
) STRICT;

-- Every accepted line. direction: income | spending (public revenue), cost (utility), withdrawal (fund).
-- reverses_id is set on a correction, which cancels the entry it names; fingerprint refuses the same
-- entry twice per complex and kind.
CREATE TABLE ledger_entry (
    id                 INTEGER PRIMARY KEY,
    period_id          INTEGER NOT NULL REFERENCES ledger_period (id),
    complex_id         INTEGER NOT NULL REFERENCES complex (id),
    kind               TEXT    NOT NULL,
    line_no            INTEGER NOT NULL,
    direction          TEXT    NOT NULL CHECK (direction IN ('income', 'spending', 'cost', 'withdrawal')),
    category           TEXT    NOT NULL,
    entry_date         TEXT,
    amount_fen         INTEGER NOT NULL CHECK (amount_fen > 0),
    description        TEXT    NOT NULL DEFAULT '',
    voucher            TEXT    NOT NULL DEFAULT '',
    reported           INTEGER NOT NULL DEFAULT 0 CHECK (reported IN (0, 1)),
    meter              TEXT    NOT NULL DEFAULT '',
    previous_reading   TEXT    NOT NULL DEFAULT '',
    current_reading    TEXT    NOT NULL DEFAULT '',
    usage              TEXT    NOT NULL DEFAULT '',
    works              TEXT    NOT NULL DEFAULT '',
    contractor         TEXT    NOT NULL DEFAULT '',
    approval           TEXT    NOT NULL DEFAULT '',
    balance_after_fen  INTEGER,
    reverses_id        INTEGER UNIQUE REFERENCES ledger_entry (id),
    reason             TEXT    NOT NULL DEFAULT '',
    fingerprint        TEXT    NOT NULL,
    created_at         INTEGER NOT NULL,
    created_by         TEXT    NOT NULL,
    UNIQUE (complex_id, kind, fingerprint)
) STRICT;

CREATE INDEX ledger_entry_by_period ON ledger_entry (period_id, id);

-- Personal, expiring upload links sent to committee and property staff in chat. Only the hash is kept.
CREATE TABLE ledger_link (
    token_hash   TEXT    PRIMARY KEY,
    person_id    INTEGER NOT NULL REFERENCES person (id),
    complex_id   INTEGER NOT NULL REFERENCES complex (id),
    csrf         TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL
) STRICT;

-- An uploaded file (or web form) awaiting confirmation; confirming re-validates the stored bytes.
CREATE TABLE ledger_upload (
    id            INTEGER PRIMARY KEY,
    token_hash    TEXT    NOT NULL REFERENCES ledger_link (token_hash),
    person_id     INTEGER NOT NULL REFERENCES person (id),
    complex_id    INTEGER NOT NULL REFERENCES complex (id),
    file_name     TEXT    NOT NULL,
    content       BLOB    NOT NULL,
    created_at    INTEGER NOT NULL,
    confirmed_at  INTEGER
) STRICT;

-- Every published version of a statement. digest = SHA-256 of content (canonical JSON).
CREATE TABLE statement (
    id            INTEGER PRIMARY KEY,
    complex_id    INTEGER NOT NULL REFERENCES complex (id),
    kind          TEXT    NOT NULL,
    period        TEXT    NOT NULL,
    version       INTEGER NOT NULL CHECK (version >= 1),
    digest        TEXT    NOT NULL,
    content       TEXT    NOT NULL,
    published_at  INTEGER NOT NULL,
    UNIQUE (complex_id, kind, period, version)
) STRICT;

-- What each complex must disclose, and by when (a date in Asia/Shanghai). enforced = 0 only for a
-- period already past due when Sunlight first started watching the complex: listed, never flagged.
CREATE TABLE disclosure_duty (
    id          INTEGER PRIMARY KEY,
    complex_id  INTEGER NOT NULL REFERENCES complex (id),
    kind        TEXT    NOT NULL,
    period      TEXT    NOT NULL,
    due_date    TEXT    NOT NULL,
    enforced    INTEGER NOT NULL CHECK (enforced IN (0, 1)),
    created_at  INTEGER NOT NULL,
    UNIQUE (complex_id, kind, period)
) STRICT;

-- Accepted ledgers are append-only: corrections are new, reversing entries. (Someone with the file can
-- drop these triggers; the audit chain and statement digests make that visible.)
CREATE TRIGGER ledger_entry_append_only_update BEFORE UPDATE ON ledger_entry
BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only: record a reversing entry instead'); END;
CREATE TRIGGER ledger_entry_append_only_delete BEFORE DELETE ON ledger_entry
BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only: record a reversing entry instead'); END;
CREATE TRIGGER ledger_period_append_only_update BEFORE UPDATE ON ledger_period
BEGIN SELECT RAISE(ABORT, 'filed ledger periods are append-only'); END;
CREATE TRIGGER ledger_period_append_only_delete BEFORE DELETE ON ledger_period
BEGIN SELECT RAISE(ABORT, 'filed ledger periods are append-only'); END;
