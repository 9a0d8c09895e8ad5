package io.almanac.collector.query;

import io.almanac.model.Precision;
import io.almanac.model.TimeRange;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Turns AMS's query parameters into a {@link MetricsQuery}, with AMS's rules and error texts. */
public final class QueryParser {
  private QueryParser() {}

  /** Parses the raw parameter values (each may be null when absent). */
  public static MetricsQuery parse(
      String metricNames,
      String hostname,
      String appId,
      String instanceId,
      String startTime,
      String endTime,
      String precision,
      String grouped) {
    List<String> names = commaList(metricNames);
    if (names.isEmpty()) {
      throw new BadQueryException("No metric name filter specified.");
    }
    Long start = time("startTime", startTime);
    Long end = time("endTime", endTime);
    if ((start == null) != (end == null)) {
      throw new BadQueryException("Open ended query not supported");
    }
    Optional<TimeRange> range =
        start == null ? Optional.empty() : Optional.of(new TimeRange(TimeRange.toMillis(start), TimeRange.toMillis(end)));
    Optional<Precision> p;
    try {
      p = Precision.parse(precision);
    } catch (IllegalArgumentException e) {
      throw new BadQueryException(e.getMessage(), e);
    }
    String instance = instanceId == null || instanceId.isBlank() || instanceId.trim().equals("undefined")
        ? null : instanceId.trim();
    String app = appId == null || appId.isBlank() ? null : appId.trim();
    boolean isGrouped = grouped == null || grouped.isBlank() || Boolean.parseBoolean(grouped.trim());
    return new MetricsQuery(names, commaList(hostname), app, instance, range, p, isGrouped);
  }

  private static Long time(String name, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new BadQueryException(name + " must be epoch seconds or milliseconds, got '" + value + "'", e);
    }
  }

  private static List<String> commaList(String value) {
    if (value == null) {
      return List.of();
    }
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
