-- The engine's outbox queries: what is not acknowledged yet (every tick), and the messages of one
-- task attempt (acknowledged together by its final report).
CREATE INDEX ops_outbox_acked ON ops_outbox (acked_at);
CREATE INDEX ops_outbox_task_attempt ON ops_outbox (task_id, attempt);
-- A client may name its submit with a key of its own: the same key again returns the first request
-- instead of storing a second (a retry after a timeout).
ALTER TABLE ops_request ADD COLUMN idempotency_key VARCHAR(255);
CREATE UNIQUE INDEX ops_request_idempotency_key ON ops_request (idempotency_key);
