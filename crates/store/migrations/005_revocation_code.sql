-- eID Wallet store, schema 5: the revocation code (typed on the portal's /lost-phone page to
-- block this phone), sealed like the keys; `device` is the device key it was registered for,
-- so a wallet restored onto a new phone makes and registers a code of its own.
CREATE TABLE revocation_code (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    sealed_code  BLOB NOT NULL,
    device       BLOB NOT NULL,
    registered   INTEGER NOT NULL DEFAULT 0,
    created_at   INTEGER NOT NULL
);
