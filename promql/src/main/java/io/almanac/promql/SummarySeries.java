package io.almanac.promql;

import java.util.List;

/**
 * A series as per-interval summaries, in time order.
 *
 * @param labels the labels, {@code __name__} included
 * @param intervals one summary per interval that holds points, by start
 */
public record SummarySeries(Labels labels, List<IntervalSummary> intervals) {
  /** Copies the list. */
  public SummarySeries {
    intervals = List.copyOf(intervals);
  }
}
