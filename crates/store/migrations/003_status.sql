-- eID Wallet store, schema 3: what the app shows on its home screen without the network: the
-- state of a level-2 request and when the last sync finished.

-- `requested`, `approved` or `rejected` (as the portal said), or NULL before any request.
ALTER TABLE sync_state ADD COLUMN upgrade_state TEXT;
-- Unix seconds of the last complete sync, or NULL.
ALTER TABLE sync_state ADD COLUMN last_sync_at INTEGER;
