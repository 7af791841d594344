-- When a share answer is forgotten: at once when the service says it is done, unless the
-- service must keep it for a while (`retention_seconds` in the configuration), then at that time.
ALTER TABLE share_requests ADD COLUMN forget_at BIGINT;
