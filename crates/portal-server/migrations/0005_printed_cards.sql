-- Printed cards for citizens without a smartphone (docs/formats.md, "Printed card"): issued by
-- an officer after an in-person check, bound to no device, revocable through the status list
-- (their status_index comes from the same counter as the documents'). Portable between SQLite
-- and PostgreSQL: TEXT and BIGINT only. state: current, revoked.
CREATE TABLE printed_cards (
    id            TEXT PRIMARY KEY,
    id_number     TEXT NOT NULL,
    doc_type      TEXT NOT NULL,
    fields        TEXT NOT NULL,
    status_index  BIGINT NOT NULL UNIQUE,
    state         TEXT NOT NULL,
    issued_by     TEXT NOT NULL,
    issued_at     BIGINT NOT NULL,
    expires_at    BIGINT NOT NULL,
    revoke_reason TEXT
);
CREATE INDEX printed_cards_citizen ON printed_cards (id_number, state);
