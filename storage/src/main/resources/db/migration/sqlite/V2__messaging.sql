-- Inbound messages (deduplicated per channel), the persistent outbox, and the sandbox channel's groups.

-- Every message Sunlight accepted. dedup_key is the channel's MsgId (events: sender + CreateTime).
-- processed_at is NULL until the bot has acted on it; unprocessed rows are picked up after a restart.
CREATE TABLE inbound_message (
    id               INTEGER PRIMARY KEY,
    channel          TEXT    NOT NULL,
    dedup_key        TEXT    NOT NULL,
    conversation     TEXT    NOT NULL,
    is_group         INTEGER NOT NULL CHECK (is_group IN (0, 1)),
    complex_id       INTEGER REFERENCES complex (id),
    sender           TEXT    NOT NULL,
    text             TEXT    NOT NULL,
    received_at      INTEGER NOT NULL,
    processed_at     INTEGER,
    UNIQUE (channel, dedup_key)
) STRICT;

CREATE INDEX inbound_unprocessed ON inbound_message (processed_at) WHERE processed_at IS NULL;

-- Every message Sunlight will send. Written in the same transaction as the event that caused it.
-- state: pending → sent, or pending → (retries) → dead. idempotency_key makes a second enqueue a no-op.
CREATE TABLE outbox (
    id               INTEGER PRIMARY KEY,
    idempotency_key  TEXT    NOT NULL UNIQUE,
    channel          TEXT    NOT NULL,
    target           TEXT    NOT NULL,
    format           TEXT    NOT NULL CHECK (format IN ('text', 'markdown', 'image')),
    body             TEXT    NOT NULL,
    state            TEXT    NOT NULL CHECK (state IN ('pending', 'sent', 'dead')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER NOT NULL,
    last_error       TEXT,
    created_at       INTEGER NOT NULL,
    sent_at          INTEGER
) STRICT;

CREATE INDEX outbox_due ON outbox (state, next_attempt_at);

-- The sandbox channel's chat history. outbox_id makes a re-delivery after a crash a no-op.
CREATE TABLE sandbox_message (
    id           INTEGER PRIMARY KEY,
    target       TEXT    NOT NULL,
    sender_code  TEXT,
    sender_name  TEXT    NOT NULL,
    text         TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    outbox_id    INTEGER UNIQUE REFERENCES outbox (id)
) STRICT;

CREATE INDEX sandbox_by_target ON sandbox_message (target, id);
