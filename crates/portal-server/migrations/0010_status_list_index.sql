-- The status list is built from the documents and printed cards that are no longer current
-- (src/issuer.rs): with these partial indexes that read is as long as the revoked entries, not
-- a scan of every document (ten million at national scale, nearly all current).
CREATE INDEX documents_not_current ON documents (status_index) WHERE state <> 'current';
CREATE INDEX printed_cards_not_current ON printed_cards (status_index) WHERE state <> 'current';
