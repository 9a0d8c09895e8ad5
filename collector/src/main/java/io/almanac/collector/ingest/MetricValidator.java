package io.almanac.collector.ingest;

import io.almanac.model.Points;
import io.almanac.model.TimelineMetric;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The rules a decoded metric must meet before it is stored. Everything the store could refuse is
 * checked here, so that a bad metric is named in the answer's {@code errors} instead of failing the
 * commit it would share with other clients' requests.
 *
 * <ul>
 *   <li>metric name, app id and host name present; none of the four names over its length limit
 *       ({@link #MAX_METRIC_NAME} for the metric name, {@link #MAX_NAME} for app id, host and
 *       instance) or holding a control character (NUL separates key columns in the store);
 *   <li>values finite: {@code Infinity}, {@code -Infinity} and numbers beyond the double range are
 *       refused; {@code NaN} is stored as a point without a value, which rollups leave out;
 *   <li>every timestamp inside the accepted window: not before {@code earliest}, not more than
 *       {@code maxAhead} after now.
 * </ul>
 */
public final class MetricValidator {
  /** Longest metric name, in characters. */
  public static final int MAX_METRIC_NAME = 1024;

  /** Longest app id, host name and instance id, in characters. */
  public static final int MAX_NAME = 255;

  /** Default start of the accepted window: 2000-01-01T00:00:00Z. */
  public static final long DEFAULT_EARLIEST_MS =
      Instant.parse("2000-01-01T00:00:00Z").toEpochMilli();

  /** Default end of the accepted window, after now. */
  public static final Duration DEFAULT_MAX_AHEAD = Duration.ofDays(1);

  private final long earliestMs;
  private final long maxAheadMs;
  private final Clock clock;

  /** Accepts timestamps from {@code earliestMs} up to {@code maxAhead} past {@code clock}'s now. */
  public MetricValidator(long earliestMs, Duration maxAhead, Clock clock) {
    this.earliestMs = earliestMs;
    this.maxAheadMs = maxAhead.toMillis();
    this.clock = clock;
  }

  /** The default window on the system clock. */
  public static MetricValidator withDefaults() {
    return new MetricValidator(DEFAULT_EARLIEST_MS, DEFAULT_MAX_AHEAD, Clock.systemUTC());
  }

  /** Why {@code m} cannot be stored, or empty when it can. */
  public Optional<String> problem(TimelineMetric m) {
    Optional<String> names = names(m.metricName(), m.appId(), m.instanceId(), m.hostName());
    return names.isPresent() ? names : points(m.points());
  }

  /**
   * Why a rollup row (as {@code /metrics/aggregated} posts them) cannot be stored, or empty when it
   * can: the same rules for names and time, and every one of {@code values} finite.
   */
  public Optional<String> problem(
      String metricName,
      String appId,
      String instanceId,
      String hostName,
      long time,
      double... values) {
    Optional<String> names = names(metricName, appId, instanceId, hostName);
    if (names.isPresent()) {
      return names;
    }
    Optional<String> when = time(time);
    if (when.isPresent()) {
      return when;
    }
    for (double v : values) {
      if (!Double.isFinite(v)) {
        return Optional.of("value " + v + " at " + time + " is not a finite number");
      }
    }
    return Optional.empty();
  }

  private static Optional<String> names(
      String metricName, String appId, String instanceId, String hostName) {
    return name("metricname", metricName, MAX_METRIC_NAME, true)
        .or(() -> name("appid", appId, MAX_NAME, true))
        .or(() -> name("hostname", hostName, MAX_NAME, true))
        .or(() -> name("instanceid", instanceId, MAX_NAME, false));
  }

  private static Optional<String> name(
      String field, String value, int maxLength, boolean required) {
    if (value == null || value.isBlank()) {
      return required ? Optional.of("\"" + field + "\" is missing") : Optional.empty();
    }
    if (value.length() > maxLength) {
      return Optional.of(
          "\""
              + field
              + "\" is "
              + value.length()
              + " characters long; at most "
              + maxLength
              + " are accepted");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c)) {
        return Optional.of(
            String.format(
                "\"%s\" holds the control character U+%04X at position %d", field, (int) c, i));
      }
    }
    return Optional.empty();
  }

  private Optional<String> points(Points p) {
    if (p.isEmpty()) {
      return Optional.empty();
    }
    // Timestamps are sorted: the first and the last bound the rest.
    Optional<String> when = time(p.firstTimestamp()).or(() -> time(p.lastTimestamp()));
    if (when.isPresent()) {
      return when;
    }
    for (int i = 0; i < p.size(); i++) {
      double v = p.value(i);
      if (Double.isInfinite(v)) {
        return Optional.of(
            "value at "
                + p.timestamp(i)
                + " is "
                + v
                + "; only finite numbers (or NaN for no value) are stored");
      }
    }
    return Optional.empty();
  }

  private Optional<String> time(long t) {
    if (t < 0) {
      return Optional.of("timestamp " + t + " is negative; epoch milliseconds expected");
    }
    if (t < earliestMs) {
      return Optional.of(
          "timestamp "
              + t
              + " ("
              + Instant.ofEpochMilli(t)
              + ") is before the earliest accepted, "
              + Instant.ofEpochMilli(earliestMs)
              + "; epoch milliseconds expected");
    }
    if (t > clock.millis() + maxAheadMs) {
      return Optional.of(
          "timestamp "
              + t
              + " ("
              + Instant.ofEpochMilli(t)
              + ") is more than "
              + Duration.ofMillis(maxAheadMs)
              + " ahead of the collector's clock");
    }
    return Optional.empty();
  }
}
