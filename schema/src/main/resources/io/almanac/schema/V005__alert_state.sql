-- The alerts of each alerting rule (pending, firing, resolved and not yet forgotten) as JSON, so a
-- restarted collector continues them: activeAt kept, resolved alerts not sent again.
CREATE TABLE IF NOT EXISTS ALMANAC_ALERTS (
  RULE_KEY VARCHAR NOT NULL,
  ALERTS VARCHAR,
  UPDATED_AT BIGINT
  CONSTRAINT PK PRIMARY KEY (RULE_KEY));

-- Every state change of every alert, kept 30 days.
CREATE TABLE IF NOT EXISTS ALMANAC_ALERT_HISTORY (
  CHANGED_AT BIGINT NOT NULL,
  RULE VARCHAR NOT NULL,
  LABELS VARCHAR NOT NULL,
  TO_STATE VARCHAR NOT NULL,
  FROM_STATE VARCHAR,
  ALERT_VALUE DOUBLE
  CONSTRAINT PK PRIMARY KEY (CHANGED_AT, RULE, LABELS, TO_STATE)) TTL=2592000;
