-- Requests that hold on a failure (HOLDING) instead of ending, until the operator retries or skips
-- the failed task.
ALTER TABLE ops_request ADD COLUMN hold_on_failure BOOLEAN DEFAULT FALSE NOT NULL;
