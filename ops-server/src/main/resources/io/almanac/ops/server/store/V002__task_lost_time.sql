-- When a task's host stopped heartbeating while the task ran (LOST): the deadline for its agent's
-- report counts from here.
ALTER TABLE ops_task ADD COLUMN lost_time BIGINT;
