package io.almanac.model.store;

/**
 * One aggregate row of a rollup table: the values of a series (host tables) or of a metric across
 * hosts (cluster tables) over one interval.
 *
 * @param time the interval's timestamp as stored, epoch ms
 * @param sum METRIC_SUM
 * @param count METRIC_COUNT, or HOSTS_COUNT in the 30 s cluster table
 * @param max METRIC_MAX
 * @param min METRIC_MIN
 */
public record Rollup(long time, double sum, long count, double max, double min) {}
