-- The hash of the citizen's revocation code (crates/portal-api/src/revocation.rs): typed on the
-- public /lost-phone page, it blocks the account's phone. Cleared when the account moves to a
-- new phone, whose wallet registers a code of its own.
ALTER TABLE accounts ADD COLUMN revocation_code_hash TEXT;
