-- Files and environment a task brings (the JSON of a TaskInputs); NULL for none.
ALTER TABLE ops_task ADD COLUMN task_inputs TEXT;
