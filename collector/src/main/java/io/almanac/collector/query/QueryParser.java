package io.almanac.collector.query;

import io.almanac.model.Precision;
import io.almanac.model.TimeRange;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

/** Turns AMS's query parameters into a {@link MetricsQuery}, with AMS's rules and error texts. */
public final class QueryParser {
  private QueryParser() {}

  /**
   * Parses the parameters, looked up by name through {@code param} (null when absent). A non-null
   * {@code pathInstanceId} (from {@code /metrics/{instanceId}}) wins over the parameter.
   */
  public static MetricsQuery parse(Function<String, String> param, String pathInstanceId) {
    List<String> names = commaList(param.apply("metricNames"));
    if (names.isEmpty()) {
      throw new BadQueryException("No metric name filter specified.");
    }
    Long start = number("startTime", param.apply("startTime"));
    Long end = number("endTime", param.apply("endTime"));
    if ((start == null) != (end == null)) {
      throw new BadQueryException("Open ended query not supported");
    }
    Optional<TimeRange> range = start == null ? Optional.empty() : Optional.of(range(start, end));
    Optional<Precision> precision;
    try {
      precision = Precision.parse(param.apply("precision"));
    } catch (IllegalArgumentException e) {
      throw new BadQueryException(e.getMessage(), e);
    }
    Long limit = number("limit", param.apply("limit"));
    Long topN = number("topN", param.apply("topN"));
    String instance = instance(pathInstanceId != null ? pathInstanceId : param.apply("instanceId"));
    String app = blankToNull(param.apply("appId"));
    return new MetricsQuery(
        names.stream().map(MetricName::parse).toList(),
        commaList(param.apply("hostname")),
        app,
        instance,
        range,
        precision,
        limit == null ? OptionalInt.empty() : OptionalInt.of(toInt("limit", limit)),
        bool(param.apply("grouped"), true),
        topN == null || topN == 0
            ? null
            : new TopN(
                toInt("topN", topN),
                param.apply("topNFunction"),
                bool(param.apply("isBottomN"), false)),
        SeriesAggregation.parse(param.apply("seriesAggregateFunction")));
  }

  /** Latest time a query may name: the last millisecond of the year 9999. */
  static final long LATEST_MS = 253_402_300_799_999L;

  private static TimeRange range(long start, long end) {
    long from = time("startTime", start);
    long to = time("endTime", end);
    if (from > to) {
      throw new BadQueryException("startTime " + start + " is after endTime " + end);
    }
    return new TimeRange(from, to);
  }

  private static long time(String name, long value) {
    if (value < 0) {
      throw new BadQueryException(name + " must not be negative, got " + value);
    }
    long ms = TimeRange.toMillis(value);
    if (ms > LATEST_MS) {
      throw new BadQueryException(
          name + " " + value + " is past the year 9999; epoch seconds or milliseconds expected");
    }
    return ms;
  }

  private static String instance(String value) {
    String v = blankToNull(value);
    return v == null || v.equals("undefined") ? null : v;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static boolean bool(String value, boolean absent) {
    return value == null || value.isBlank() ? absent : Boolean.parseBoolean(value.trim());
  }

  private static int toInt(String name, long value) {
    if (value < 0 || value > Integer.MAX_VALUE) {
      throw new BadQueryException(name + " out of range: " + value);
    }
    return (int) value;
  }

  private static Long number(String name, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new BadQueryException(name + " must be a whole number, got '" + value + "'", e);
    }
  }

  private static List<String> commaList(String value) {
    if (value == null) {
      return List.of();
    }
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
