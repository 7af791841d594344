-- Portable between SQLite and PostgreSQL: TEXT and BIGINT only; binary values are hex text.

CREATE TABLE accounts (
    id             TEXT PRIMARY KEY,
    id_number      TEXT NOT NULL UNIQUE,
    phone          TEXT NOT NULL,
    full_name      TEXT NOT NULL,
    date_of_birth  TEXT NOT NULL,
    device_key     TEXT NOT NULL,
    level          BIGINT NOT NULL,
    created_at     BIGINT NOT NULL
);

CREATE TABLE registrations (
    id             TEXT PRIMARY KEY,
    id_number      TEXT NOT NULL,
    phone          TEXT NOT NULL,
    full_name      TEXT NOT NULL,
    date_of_birth  TEXT NOT NULL,
    device_key     TEXT NOT NULL,
    code_hash      TEXT NOT NULL,
    attempts       BIGINT NOT NULL,
    expires_at     BIGINT NOT NULL
);

CREATE TABLE challenges (
    challenge      TEXT PRIMARY KEY,
    account_id     TEXT NOT NULL,
    expires_at     BIGINT NOT NULL
);

CREATE TABLE sessions (
    token_hash     TEXT PRIMARY KEY,
    account_id     TEXT NOT NULL,
    kind           TEXT NOT NULL,
    expires_at     BIGINT NOT NULL
);

CREATE TABLE applications (
    id                  TEXT PRIMARY KEY,
    account_id          TEXT NOT NULL,
    kind                TEXT NOT NULL,
    form                TEXT NOT NULL,
    state               TEXT NOT NULL,
    submitted_at        BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL,
    decision_reason     TEXT,
    result_document_id  TEXT
);
CREATE INDEX applications_account ON applications (account_id, submitted_at);

-- Idempotency-Key records: the stored answer of a completed request, or a lease while running.
CREATE TABLE idempotency (
    account_id       TEXT NOT NULL,
    idem_key         TEXT NOT NULL,
    fingerprint      TEXT NOT NULL,
    state            TEXT NOT NULL,
    lease_until      BIGINT NOT NULL,
    response_status  BIGINT,
    response_body    TEXT,
    created_at       BIGINT NOT NULL,
    PRIMARY KEY (account_id, idem_key)
);
