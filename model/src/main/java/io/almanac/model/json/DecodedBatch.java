package io.almanac.model.json;

import io.almanac.model.TimelineMetric;
import java.util.List;

/**
 * A POST body after decoding: the metrics that parsed, each with its index in the request, and the
 * problems of the ones that did not.
 *
 * @param metrics metrics whose fields all had the right types
 * @param indexes for each entry of {@code metrics}, its position in the request
 * @param problems metrics that were skipped, with the reason
 */
public record DecodedBatch(
    List<TimelineMetric> metrics, List<Integer> indexes, List<MetricProblem> problems) {
  /** Copies the lists. */
  public DecodedBatch {
    metrics = List.copyOf(metrics);
    indexes = List.copyOf(indexes);
    problems = List.copyOf(problems);
    if (metrics.size() != indexes.size()) {
      throw new IllegalArgumentException("one index per metric expected");
    }
  }
}
