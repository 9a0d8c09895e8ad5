package io.almanac.model.store;

import io.almanac.model.Points;
import io.almanac.model.SeriesKey;
import java.util.Objects;

/**
 * Points of one series to be stored, with the attributes its metadata is created from on first
 * sight.
 *
 * @param key the series
 * @param units units as posted, or null
 * @param type {@code COUNTER}/{@code GAUGE} as posted, or null
 * @param supportsAggregation false when posted with {@code skipAggregation=true}
 * @param points the points, non-empty
 */
public record SeriesBatch(
    SeriesKey key, String units, String type, boolean supportsAggregation, Points points) {
  /** Checks that the batch has points. */
  public SeriesBatch {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(points, "points");
    if (points.isEmpty()) {
      throw new IllegalArgumentException("a series batch needs points");
    }
  }
}
