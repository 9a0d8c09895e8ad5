package io.almanac.collector.ingest;

import io.almanac.model.json.MetricProblem;
import java.util.List;

/**
 * What became of a POST whose body was valid JSON: how much was stored and which metrics were not.
 *
 * @param storedSeries series batches committed
 * @param storedPoints points committed
 * @param problems metrics refused, with the reason
 */
public record IngestResult(int storedSeries, long storedPoints, List<MetricProblem> problems) {
  /** Copies the list. */
  public IngestResult {
    problems = List.copyOf(problems);
  }
}
