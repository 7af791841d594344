-- eID Wallet store, schema 6: whether the revocation code was shown once at the end of
-- onboarding (afterwards only Settings shows it, after the PIN).
ALTER TABLE revocation_code ADD COLUMN shown INTEGER NOT NULL DEFAULT 0;
