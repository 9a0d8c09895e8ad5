-- The epoch of the leader that wrote or claimed each checkpoint (collectors sharing one HBase elect
-- one leader at a time, each in a higher epoch): the store refuses a checkpoint write of an
-- earlier epoch, so a deposed leader cannot move a checkpoint after its successor claimed it.
ALTER TABLE ALMANAC_CHECKPOINTS ADD IF NOT EXISTS EPOCH BIGINT;
