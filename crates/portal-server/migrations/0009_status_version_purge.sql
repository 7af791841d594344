-- Bumped in the transaction of every change that revokes a status-list entry (a document or a
-- printed card revoked, superseded or blocked), so every portal process can tell with one
-- row read whether its signed status list is still current (src/trust_cache.rs).
INSERT INTO counters (name, value) VALUES ('status_version', 0);

-- The purge deletes in bounded batches by expiry (src/purge.rs): these make each batch an
-- index range instead of a scan.
CREATE INDEX sessions_expiry ON sessions (expires_at);
CREATE INDEX registrations_created ON registrations (created_at);

