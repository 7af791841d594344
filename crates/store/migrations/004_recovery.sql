-- eID Wallet store, schema 4: the recovery key and moves between devices.

-- The wallet's recovery key (P-256), sealed like the device key. Its public half is registered
-- with the portal; a backup carries it, so a wallet restored from the backup can move a level-2
-- account to the new phone at once.
CREATE TABLE recovery_key (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    sealed_key   BLOB NOT NULL,
    public_key   BLOB NOT NULL,
    registered   INTEGER NOT NULL DEFAULT 0,
    created_at   INTEGER NOT NULL
);

-- This device waits to receive an account (the portal's move id is the registration's id),
-- until moves_at.
ALTER TABLE sync_state ADD COLUMN incoming_move TEXT;
ALTER TABLE sync_state ADD COLUMN incoming_move_at INTEGER;
-- Another device asked for this wallet's account; it moves there at this time unless cancelled.
ALTER TABLE sync_state ADD COLUMN outgoing_move_at INTEGER;
