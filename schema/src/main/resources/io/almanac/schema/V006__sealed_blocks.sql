-- Sealed raw blocks: once no new point has come for an hour of metric time for a while, the
-- collector merges each series' METRIC_RECORD rows that start in that hour into one row here,
-- keyed by the hour's start (so a row may hold points up to BlockLayout.SEALED_MAX_SPAN_MS after
-- it), and then deletes the rows it merged (the collector gives
-- METRIC_RECORD's family HBase's NEW_VERSION_BEHAVIOR first, see HourSealer). Readers read both tables; for a timestamp in both, a
-- METRIC_RECORD row wins. Same columns, same retention as METRIC_RECORD.
CREATE TABLE IF NOT EXISTS METRIC_RECORD_SEALED (
  METRIC_ID INTEGER NOT NULL,
  HOST_ID INTEGER NOT NULL,
  SERVER_TIME BIGINT NOT NULL,
  METRIC_SUM DOUBLE,
  METRIC_COUNT UNSIGNED_INT,
  METRIC_MAX DOUBLE,
  METRIC_MIN DOUBLE,
  METRICS VARBINARY
  CONSTRAINT PK PRIMARY KEY (METRIC_ID, HOST_ID, SERVER_TIME ROW_TIMESTAMP))
  ${table.options}, TTL=${ttl.METRIC_RECORD};
