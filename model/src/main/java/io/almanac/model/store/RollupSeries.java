package io.almanac.model.store;

import io.almanac.model.MetricKey;
import java.util.List;

/**
 * The rollup rows of one series, in time order.
 *
 * @param metric the metric
 * @param hostName the host; null for cluster-wide rows
 * @param rows the rows
 */
public record RollupSeries(MetricKey metric, String hostName, List<Rollup> rows) {
  /** Copies the rows. */
  public RollupSeries {
    rows = List.copyOf(rows);
  }
}
