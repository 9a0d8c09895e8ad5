-- What each component on each host should be: STARTED after a START or RESTART completed there,
-- INSTALLED after a STOP. Auto-recovery restarts only what should be STARTED.
CREATE TABLE ops_component_goal (
  service     VARCHAR(100)  NOT NULL,
  component   VARCHAR(100)  NOT NULL,
  host        VARCHAR(255)  NOT NULL,
  goal        VARCHAR(16)   NOT NULL,
  PRIMARY KEY (service, component, host)
);
-- Each automatic restart of a component found stopped, with its request: at most a few per hour.
CREATE TABLE ops_recovery (
  service     VARCHAR(100)  NOT NULL,
  component   VARCHAR(100)  NOT NULL,
  host        VARCHAR(255)  NOT NULL,
  started_at  BIGINT        NOT NULL,
  request_id  BIGINT        NOT NULL
);
CREATE INDEX ops_recovery_component ON ops_recovery (service, component, host, started_at);
