package io.almanac.promql;

import io.almanac.model.Points;

/**
 * A series as the source gives it: its labels and its points in time order.
 *
 * @param labels the labels, {@code __name__} included
 * @param points the points, epoch milliseconds
 */
public record Series(Labels labels, Points points) {}
