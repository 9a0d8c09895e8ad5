package io.almanac.collector.ingest;

import io.almanac.model.Points;
import io.almanac.model.TimelineMetric;
import java.util.Optional;

/** The rules a decoded metric must meet before it is stored. */
final class MetricValidator {
  private MetricValidator() {}

  /** Why {@code m} cannot be stored, or empty when it can. */
  static Optional<String> problem(TimelineMetric m) {
    if (isBlank(m.metricName())) {
      return Optional.of("\"metricname\" is missing");
    }
    if (isBlank(m.appId())) {
      return Optional.of("\"appid\" is missing");
    }
    if (isBlank(m.hostName())) {
      return Optional.of("\"hostname\" is missing");
    }
    Points p = m.points();
    if (!p.isEmpty() && p.firstTimestamp() < 0) {
      return Optional.of("timestamp " + p.firstTimestamp() + " is negative; epoch milliseconds expected");
    }
    return Optional.empty();
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
