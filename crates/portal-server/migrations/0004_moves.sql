-- Moving an account to a new device in a way a SIM swap cannot hijack (docs/api/README.md,
-- "A new phone"). Portable between SQLite and PostgreSQL: TEXT and BIGINT only.

-- The public half of the wallet's recovery key (its private half lives only in the citizen's
-- encrypted backup): with it, a restored wallet moves a level-2 account at once.
ALTER TABLE accounts ADD COLUMN recovery_key TEXT;

-- A level-2 account asked to move without the recovery key: it waits until moves_at, while the
-- current device can cancel and an officer can approve earlier after an in-person check.
-- state: waiting, moved, cancelled, rejected. The id is the registration's.
CREATE TABLE moves (
    id            TEXT PRIMARY KEY,
    account_id    TEXT NOT NULL,
    device_key    TEXT NOT NULL,
    state         TEXT NOT NULL,
    requested_at  BIGINT NOT NULL,
    moves_at      BIGINT NOT NULL,
    decided_by    TEXT,
    decided_at    BIGINT
);
CREATE INDEX moves_account ON moves (account_id, state);
CREATE INDEX moves_waiting ON moves (state, moves_at);
