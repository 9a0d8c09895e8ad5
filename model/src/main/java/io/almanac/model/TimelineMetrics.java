package io.almanac.model;

import java.util.List;

/**
 * The body of an AMS POST and of a GET answer: {@code {"metrics":[...]}}.
 *
 * @param metrics the series batches, in wire order
 */
public record TimelineMetrics(List<TimelineMetric> metrics) {
  /** Copies the list. */
  public TimelineMetrics {
    metrics = List.copyOf(metrics);
  }
}
