package io.almanac.model.store;

import io.almanac.model.TimeRange;
import java.util.List;

/** Reads raw points. */
public interface MetricReader {
  /** Every point of the selected series in {@code range}, one entry per series with points. */
  List<SeriesPoints> readRaw(SeriesSelector selector, TimeRange range);

  /**
   * As {@link #readRaw}, handing {@code each} one series at a time, so that an answer of millions
   * of points need not be held at once. The order is the store's.
   */
  default void streamRaw(
      SeriesSelector selector, TimeRange range, java.util.function.Consumer<SeriesPoints> each) {
    readRaw(selector, range).forEach(each);
  }

  /** The points of the newest stored row of each selected series (AMS's point-in-time read). */
  List<SeriesPoints> readLatestRaw(SeriesSelector selector);

  /**
   * How many series the selector names: host series (metric x host reporting its app) when it has
   * host names, else metrics. Used to size a query before reading it.
   */
  long countSeries(SeriesSelector selector);
}
