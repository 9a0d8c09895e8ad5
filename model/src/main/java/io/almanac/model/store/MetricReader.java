package io.almanac.model.store;

import io.almanac.model.TimeRange;
import java.util.List;

/** Reads raw points. */
public interface MetricReader {
  /** Every point of the selected series in {@code range}, one entry per series with points. */
  List<SeriesPoints> readRaw(SeriesSelector selector, TimeRange range);
}
