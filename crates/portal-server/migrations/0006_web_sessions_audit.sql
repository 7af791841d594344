-- The officer console's and the service desk's sessions (cookies), the audit log of officers'
-- actions, and share answers that a service has finished with.
-- Portable between SQLite and PostgreSQL: TEXT and BIGINT only.

-- A web session: only the SHA-256 of its cookie is kept. `kind`: officer or service.
-- `expires_at` moves forward with each request (idle expiry), never past `created_at` + the
-- longest session.
CREATE TABLE web_sessions (
    token_hash  TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    subject     TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);
CREATE INDEX web_sessions_expiry ON web_sessions (expires_at);

-- Every officer action (reads among them), in order: who, when, what, on whom.
CREATE TABLE audit_log (
    seq         BIGINT PRIMARY KEY,
    at          BIGINT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    account_id  TEXT,
    ref_id      TEXT
);
CREATE INDEX audit_log_account ON audit_log (account_id, seq);
INSERT INTO counters (name, value) VALUES ('audit', 0);

-- When an officer blocked the account's phone (lost or stolen) after an in-person check: its
-- documents are `blocked` (set in the status list) and it cannot sign in, until the account
-- moves to a new phone.
ALTER TABLE accounts ADD COLUMN blocked_at BIGINT;

-- When the service said it was done with an answer (its data is then forgotten), and the
-- request's signed QR text (the desk shows it again on reload).
ALTER TABLE share_requests ADD COLUMN done_at BIGINT;
ALTER TABLE share_requests ADD COLUMN qr TEXT;
