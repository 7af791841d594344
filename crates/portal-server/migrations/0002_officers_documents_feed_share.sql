-- Level 2, issued documents, the change feed, officer claims and the share inbox.
-- Portable between SQLite and PostgreSQL: TEXT and BIGINT only.

ALTER TABLE applications ADD COLUMN claimed_by TEXT;
CREATE INDEX applications_state ON applications (state, submitted_at);

ALTER TABLE registrations ADD COLUMN created_at BIGINT NOT NULL DEFAULT 0;
CREATE INDEX registrations_id_number ON registrations (id_number, created_at);
CREATE INDEX challenges_account ON challenges (account_id, expires_at);

-- One row per account that asked for level 2.
CREATE TABLE upgrades (
    account_id    TEXT PRIMARY KEY,
    state         TEXT NOT NULL,
    reason        TEXT,
    requested_at  BIGINT NOT NULL,
    decided_at    BIGINT,
    decided_by    TEXT
);

-- Documents issued to an account's device key. `state`: current, superseded (re-issued to a
-- new device) or revoked; anything but current is set in the status list.
CREATE TABLE documents (
    id            TEXT PRIMARY KEY,
    account_id    TEXT NOT NULL,
    doc_type      TEXT NOT NULL,
    issued        TEXT NOT NULL,
    status_index  BIGINT NOT NULL UNIQUE,
    source        TEXT NOT NULL,
    state         TEXT NOT NULL,
    issued_at     BIGINT NOT NULL,
    revoke_reason TEXT
);
CREATE INDEX documents_account ON documents (account_id, state);

-- Monotonic counters (feed sequence, status-list index), bumped inside the writing transaction.
CREATE TABLE counters (
    name   TEXT PRIMARY KEY,
    value  BIGINT NOT NULL
);
INSERT INTO counters (name, value) VALUES ('feed', 0);
INSERT INTO counters (name, value) VALUES ('status_index', 0);

-- The change feed: what changed for an account, in order.
CREATE TABLE events (
    seq         BIGINT PRIMARY KEY,
    account_id  TEXT NOT NULL,
    kind        TEXT NOT NULL,
    ref_id      TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX events_account ON events (account_id, seq);

-- Failed officer and service logins, for rate limiting.
CREATE TABLE login_failures (
    subject  TEXT NOT NULL,
    at       BIGINT NOT NULL
);
CREATE INDEX login_failures_subject ON login_failures (subject, at);

-- Share requests of registered services, and the wallet's answer.
CREATE TABLE share_requests (
    id             TEXT PRIMARY KEY,
    service_id     TEXT NOT NULL,
    doc_type       TEXT NOT NULL,
    fields         TEXT NOT NULL,
    purpose        TEXT NOT NULL,
    nonce          TEXT NOT NULL,
    expires_at     BIGINT NOT NULL,
    presentation   TEXT,
    disclosed      TEXT,
    answered_at    BIGINT
);
