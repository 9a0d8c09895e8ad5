-- A service task: what the agent does to one component (the JSON of a ServiceStep); NULL for a plain
-- command. The task's command column then holds a summary such as "RESTART demo/daemon".
ALTER TABLE ops_task ADD COLUMN service_step TEXT;
-- Service definitions as submitted (JSON), one row per service.
CREATE TABLE ops_service (
  name        VARCHAR(100)  PRIMARY KEY,
  definition  TEXT          NOT NULL,
  updated_at  BIGINT        NOT NULL
);
-- The latest known state of each component on each host: STARTED, INSTALLED (stopped) or UNKNOWN,
-- from service tasks' reports; checked_at is when the agent's status said so.
CREATE TABLE ops_component_state (
  service     VARCHAR(100)  NOT NULL,
  component   VARCHAR(100)  NOT NULL,
  host        VARCHAR(255)  NOT NULL,
  state       VARCHAR(16)   NOT NULL,
  checked_at  BIGINT        NOT NULL,
  PRIMARY KEY (service, component, host)
);
