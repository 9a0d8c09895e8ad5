-- The engine's outbox queries: what is not acknowledged yet (every tick), and the messages of one
-- task attempt (acknowledged together by its final report).
CREATE INDEX ops_outbox_acked ON ops_outbox (acked_at);
CREATE INDEX ops_outbox_task_attempt ON ops_outbox (task_id, attempt);
-- A client may name its submit with a key of its own: the same key again returns the first request
-- instead of storing a second (a retry after a timeout).
ALTER TABLE ops_request ADD COLUMN idempotency_key VARCHAR(255);
CREATE UNIQUE INDEX ops_request_idempotency_key ON ops_request (idempotency_key);
-- How many of a stage's tasks one host runs at once, when its request said (several tasks of one
-- host and role in one stage); NULL: the server's per-host concurrency.
ALTER TABLE ops_stage ADD COLUMN parallel_per_host INT;
