package io.almanac.model.store;

import io.almanac.model.Points;
import io.almanac.model.SeriesKey;

/**
 * Points of one series read back from the store.
 *
 * @param key the series
 * @param points its points in the range read, merged across stored rows
 */
public record SeriesPoints(SeriesKey key, Points points) {}
