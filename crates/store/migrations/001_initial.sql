-- eID Wallet store, schema 1. The whole file is encrypted by SQLCipher.

-- The citizen's account: one row.
CREATE TABLE account (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    level        INTEGER NOT NULL CHECK (level IN (1, 2)),
    id_number    TEXT NOT NULL,
    phone        TEXT NOT NULL,
    full_name    TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);

-- The device's P-256 signing key, sealed (AES-256-GCM) under a key derived from the database
-- key, so it is never in clear even inside the decrypted database pages.
CREATE TABLE device_key (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    sealed_key   BLOB NOT NULL,
    public_key   BLOB NOT NULL,
    created_at   INTEGER NOT NULL
);

-- Issued documents: the issuer-signed bytes as received.
CREATE TABLE documents (
    id               TEXT PRIMARY KEY,
    doc_type         TEXT NOT NULL,
    issued_bytes     BLOB NOT NULL,
    received_at      INTEGER NOT NULL,
    needs_rebinding  INTEGER NOT NULL DEFAULT 0
);

-- Application drafts, edited offline.
CREATE TABLE drafts (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    body        TEXT NOT NULL,
    updated_at  INTEGER NOT NULL
);

-- Submissions waiting to reach the portal (the portal issue's sender works through them).
CREATE TABLE outbox (
    id               TEXT PRIMARY KEY,
    draft_id         TEXT NOT NULL,
    idempotency_key  TEXT NOT NULL UNIQUE,
    body             TEXT NOT NULL,
    state            TEXT NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);

-- Cached trust and status lists with their fetch time.
CREATE TABLE trust_cache (
    kind        TEXT PRIMARY KEY,
    bytes       BLOB NOT NULL,
    fetched_at  INTEGER NOT NULL
);

-- What the citizen did with their documents: field *names*, never values.
CREATE TABLE activity (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    at           INTEGER NOT NULL,
    action       TEXT NOT NULL,
    doc_type     TEXT,
    fields       TEXT NOT NULL,
    counterpart  TEXT,
    result       TEXT NOT NULL
);
CREATE INDEX activity_at ON activity (at);
