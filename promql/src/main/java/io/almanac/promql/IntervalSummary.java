package io.almanac.promql;

/**
 * What a series' points in one fixed interval add up to, as a rollup table keeps it.
 *
 * @param start the interval's start, epoch ms; it covers {@code [start, start + length)}
 * @param sum the sum of the values
 * @param count how many points
 * @param min the smallest value
 * @param max the largest value
 */
public record IntervalSummary(long start, double sum, long count, double min, double max) {}
