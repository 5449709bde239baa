-- WeChat and WeCom channels: callback deduplication, 微信客服 sync state, robot sends (rate limit and
-- split messages), customer-group mass messages awaiting staff confirmation, and group bindings.

-- Callback events that carry no MsgId, deduplicated by sender + CreateTime (WeChat retries 3 times).
CREATE TABLE wechat_callback_event (
    channel      TEXT    NOT NULL,
    dedup_key    TEXT    NOT NULL,
    received_at  BIGINT  NOT NULL,
    PRIMARY KEY (channel, dedup_key)
);

-- 微信客服: per customer-service account, the sync_msg cursor and the token of an event not yet synced.
CREATE TABLE wecom_kf_cursor (
    open_kfid      TEXT    PRIMARY KEY,
    next_cursor    TEXT,
    pending_token  TEXT,
    updated_at     BIGINT  NOT NULL
);

-- 微信客服: when each customer last wrote (replies allowed for 48 h, at most 5 per customer message).
CREATE TABLE wecom_kf_customer (
    open_kfid        TEXT    NOT NULL,
    external_userid  TEXT    NOT NULL,
    last_message_at  BIGINT  NOT NULL,
    replies_since    BIGINT  NOT NULL DEFAULT 0,
    PRIMARY KEY (open_kfid, external_userid)
);

-- Every part a WeCom group robot accepted: a retried message skips its sent parts, and the last
-- minute's rows are the robot's rate-limit budget (survives restarts).
CREATE TABLE wecom_robot_send (
    outbox_id  BIGINT  NOT NULL REFERENCES outbox (id),
    part       BIGINT  NOT NULL,
    robot      TEXT    NOT NULL,
    sent_at    BIGINT  NOT NULL,
    PRIMARY KEY (outbox_id, part)
);

CREATE INDEX wecom_robot_send_by_robot ON wecom_robot_send (robot, sent_at);

-- Customer-group mass messages (add_msg_template, chat_type=group): the staff member who owns the
-- group must confirm each one in WeCom. Unconfirmed ones are reminded and then surface as late.
CREATE TABLE wecom_group_message (
    outbox_id          BIGINT  PRIMARY KEY REFERENCES outbox (id),
    msgid              TEXT    NOT NULL UNIQUE,
    chat_id            TEXT    NOT NULL,
    sender             TEXT    NOT NULL,
    complex_id         BIGINT  REFERENCES complex (id),
    created_at         BIGINT  NOT NULL,
    reminded_at        BIGINT ,
    confirmed_at       BIGINT ,
    late_disclosed_at  BIGINT 
);

CREATE INDEX wecom_group_message_open ON wecom_group_message (confirmed_at) WHERE confirmed_at IS NULL;

-- Customer groups bound to complexes from the CLI or the admin page (kept across deployment reloads).
CREATE TABLE wecom_group_binding (
    complex_id    BIGINT  PRIMARY KEY REFERENCES complex (id),
    chat_id       TEXT    NOT NULL UNIQUE,
    owner_userid  TEXT    NOT NULL,
    name          TEXT,
    bound_at      BIGINT  NOT NULL,
    bound_by      TEXT    NOT NULL
);
