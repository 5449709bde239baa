-- Deployment registry: towns → communities → complexes, people with scoped roles, channel bindings.
-- Money is INTEGER fen; instants are INTEGER epoch milliseconds.

CREATE TABLE town (
    id         INTEGER PRIMARY KEY,
    code       TEXT    NOT NULL UNIQUE,
    name       TEXT    NOT NULL
) STRICT;

CREATE TABLE community (
    id         INTEGER PRIMARY KEY,
    town_id    INTEGER NOT NULL REFERENCES town (id),
    code       TEXT    NOT NULL UNIQUE,
    name       TEXT    NOT NULL
) STRICT;

CREATE TABLE complex (
    id                      INTEGER PRIMARY KEY,
    community_id            INTEGER NOT NULL REFERENCES community (id),
    code                    TEXT    NOT NULL UNIQUE,
    name                    TEXT    NOT NULL,
    households              INTEGER NOT NULL CHECK (households > 0),
    fund_first_deposit_fen  INTEGER NOT NULL CHECK (fund_first_deposit_fen >= 0)
) STRICT;

CREATE INDEX complex_by_community ON complex (community_id);

-- Settings override defaults per town or complex (scope 'town' | 'complex'); values are text, typed by name.
CREATE TABLE setting (
    scope     TEXT    NOT NULL CHECK (scope IN ('town', 'community', 'complex')),
    scope_id  INTEGER NOT NULL,
    name      TEXT    NOT NULL,
    value     TEXT    NOT NULL,
    PRIMARY KEY (scope, scope_id, name)
) STRICT;

CREATE TABLE person (
    id         INTEGER PRIMARY KEY,
    code       TEXT    NOT NULL UNIQUE,
    name       TEXT    NOT NULL,
    phone      TEXT,
    household  TEXT
) STRICT;

CREATE TABLE person_role (
    person_id  INTEGER NOT NULL REFERENCES person (id),
    role       TEXT    NOT NULL CHECK (role IN ('owner', 'committee', 'property',
                                                'community-officer', 'town-officer', 'discipline-officer')),
    scope      TEXT    NOT NULL CHECK (scope IN ('town', 'community', 'complex')),
    scope_id   INTEGER NOT NULL,
    PRIMARY KEY (person_id, role, scope, scope_id)
) STRICT;

CREATE INDEX person_role_by_scope ON person_role (scope, scope_id);

-- How a person is known on each channel (WeCom userid, Official Account openid, …).
CREATE TABLE person_identity (
    person_id    INTEGER NOT NULL REFERENCES person (id),
    channel      TEXT    NOT NULL,
    external_id  TEXT    NOT NULL,
    PRIMARY KEY (channel, external_id)
) STRICT;

-- Where a scope's groups live: purpose 'owners' (the supervision group), 'committee', 'community', 'town', 'discipline'.
CREATE TABLE channel_binding (
    scope     TEXT    NOT NULL CHECK (scope IN ('town', 'community', 'complex')),
    scope_id  INTEGER NOT NULL,
    purpose   TEXT    NOT NULL,
    channel   TEXT    NOT NULL,
    target    TEXT    NOT NULL,
    PRIMARY KEY (scope, scope_id, purpose, channel)
) STRICT;

-- Hash-chained, append-only audit log. hash = SHA-256(prev_hash || '\n' || canonical record).
CREATE TABLE audit_log (
    seq        INTEGER PRIMARY KEY,
    at         INTEGER NOT NULL,
    actor      TEXT    NOT NULL,
    action     TEXT    NOT NULL,
    subject    TEXT    NOT NULL,
    detail     TEXT    NOT NULL,
    prev_hash  TEXT    NOT NULL,
    hash       TEXT    NOT NULL UNIQUE
) STRICT;
