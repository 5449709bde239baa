-- The chart PNG of each published statement version, drawn once when it is published (statements
-- are immutable, so the picture never changes); the chart link in the group serves these bytes.
-- A statement without a row here (published before this table existed) is drawn on first request.
CREATE TABLE statement_chart (
    statement_id  BIGINT  PRIMARY KEY REFERENCES statement (id),
    png           BYTEA   NOT NULL,
    created_at    BIGINT  NOT NULL
);
