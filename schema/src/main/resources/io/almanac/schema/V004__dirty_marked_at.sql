-- When an interval was last marked dirty: it is aggregated again once no new mark has come for a
-- while (so a backfill is folded in once, not on every run), and a mark that arrives while the
-- interval is being re-aggregated survives the clearing of the older one.
ALTER TABLE ALMANAC_DIRTY_INTERVALS ADD IF NOT EXISTS MARKED_AT BIGINT;
