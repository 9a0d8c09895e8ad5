-- Aggregator checkpoints: the end of the last interval each aggregator completed. In the
-- database, never in local files, so a restarted or replaced collector resumes where work stopped.
CREATE TABLE IF NOT EXISTS ALMANAC_CHECKPOINTS (
  AGGREGATOR VARCHAR NOT NULL,
  CHECKPOINT BIGINT
  CONSTRAINT PK PRIMARY KEY (AGGREGATOR));

-- Intervals that received data after they were aggregated, to be aggregated again.
CREATE TABLE IF NOT EXISTS ALMANAC_DIRTY_INTERVALS (
  AGGREGATOR VARCHAR NOT NULL,
  INTERVAL_START BIGINT NOT NULL
  CONSTRAINT PK PRIMARY KEY (AGGREGATOR, INTERVAL_START));
