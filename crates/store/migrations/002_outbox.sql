-- eID Wallet store, schema 2: the outbox's retry schedule, the applications the portal
-- accepted, and the change feed's cursor.

-- When the sender may try an outbox item again, and why the last try failed (a code or a short
-- reason, never form values).
ALTER TABLE outbox ADD COLUMN next_attempt_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN last_error TEXT;
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);

-- Applications the portal accepted, as last seen (from the submission's answer or the feed).
CREATE TABLE applications (
    id                  TEXT PRIMARY KEY,
    draft_id            TEXT,
    kind                TEXT NOT NULL,
    state               TEXT NOT NULL,
    reason              TEXT,
    result_document_id  TEXT,
    submitted_at        INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    body                TEXT NOT NULL
);
CREATE INDEX applications_submitted ON applications (submitted_at);

-- Where the wallet is in the portal's change feed: one row.
CREATE TABLE sync_state (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    feed_cursor  INTEGER NOT NULL,
    account_id   TEXT
);
