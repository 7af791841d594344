-- Rate limits reserved before the work they limit, and sign-in challenges no one can pile up.
-- Portable between SQLite and PostgreSQL: TEXT and BIGINT only.

-- One counter per limit and key (the key's SHA-256): src/limits.rs reserves a place with one
-- conditional upsert, so concurrent requests (and several portal processes) cannot exceed it.
CREATE TABLE rate_limits (
    key           TEXT PRIMARY KEY,
    window_start  BIGINT NOT NULL,
    count         BIGINT NOT NULL
);
CREATE INDEX rate_limits_window ON rate_limits (window_start);

-- Challenges are sealed by the portal (expiry, randomness and a MAC in the challenge itself),
-- so asking for one stores nothing and cannot lock anyone out; a challenge that was used is
-- remembered until it expires, so it works once.
CREATE TABLE used_challenges (
    challenge   TEXT PRIMARY KEY,
    expires_at  BIGINT NOT NULL
);
CREATE INDEX used_challenges_expiry ON used_challenges (expires_at);

DROP TABLE challenges;
DROP TABLE login_failures;
