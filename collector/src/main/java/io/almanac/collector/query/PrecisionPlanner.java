package io.almanac.collector.query;

import io.almanac.model.Precision;
import io.almanac.model.TimeRange;
import io.almanac.schema.Table;
import java.util.Map;
import java.util.Optional;

/**
 * Chooses the table a range query reads, with AMS's rule but real series counts: the finest
 * precision whose estimated rows fit the limit and whose TTL still covers the start. AMS counts a
 * {@code %} host list as one host, picks raw data for a 200-host day and then cuts the answer at
 * its row limit; here every host counts, so such a query moves to a coarser table instead.
 */
public final class PrecisionPlanner {
  private final Map<Precision, Long> hostTtlMs;
  private final Map<Precision, Long> clusterTtlMs;

  /** A planner for host and cluster tables with these TTLs (milliseconds). */
  public PrecisionPlanner(Map<Precision, Long> hostTtlMs, Map<Precision, Long> clusterTtlMs) {
    this.hostTtlMs = Map.copyOf(hostTtlMs);
    this.clusterTtlMs = Map.copyOf(clusterTtlMs);
  }

  /** A planner for the TTLs of {@code schema}. */
  public static PrecisionPlanner forSchema(io.almanac.schema.SchemaSettings schema) {
    return new PrecisionPlanner(
        Map.of(
            Precision.SECONDS,
            schema.ttl(Table.METRIC_RECORD) * 1000,
            Precision.MINUTES,
            schema.ttl(Table.METRIC_RECORD_MINUTE) * 1000,
            Precision.HOURS,
            schema.ttl(Table.METRIC_RECORD_HOURLY) * 1000,
            Precision.DAYS,
            schema.ttl(Table.METRIC_RECORD_DAILY) * 1000),
        Map.of(
            Precision.SECONDS,
            schema.ttl(Table.METRIC_AGGREGATE) * 1000,
            Precision.MINUTES,
            schema.ttl(Table.METRIC_AGGREGATE_MINUTE) * 1000,
            Precision.HOURS,
            schema.ttl(Table.METRIC_AGGREGATE_HOURLY) * 1000,
            Precision.DAYS,
            schema.ttl(Table.METRIC_AGGREGATE_DAILY) * 1000));
  }

  /** Rows a series has at {@code p} over {@code range}, as AMS estimates them. */
  static long rowsPerSeries(Precision p, TimeRange range, boolean cluster) {
    long seconds = Math.max(0, (range.end() - range.start()) / 1000);
    switch (p) {
      case SECONDS:
        return ceilDiv(seconds, cluster ? 30 : 60);
      case MINUTES:
        return ceilDiv(seconds, 300);
      case HOURS:
        return ceilDiv(seconds, 3600);
      default:
        return ceilDiv(seconds, 86_400);
    }
  }

  private static long ceilDiv(long a, long b) {
    return Math.max(1, (a + b - 1) / b);
  }

  /**
   * The precision to read.
   *
   * @param asked the precision the caller gave, if any
   * @param range the time range
   * @param series how many series the query names
   * @param cluster true for cluster tables (30 s slices at SECONDS)
   * @param limit the row limit
   * @param now the current time, epoch ms
   * @throws PrecisionLimitExceededException when the asked precision, or even the coarsest, exceeds
   *     the limit
   */
  public Precision choose(
      Optional<Precision> asked,
      TimeRange range,
      long series,
      boolean cluster,
      long limit,
      long now) {
    if (asked.isPresent()) {
      Precision p = asked.get();
      long rows = rowsPerSeries(p, range, cluster) * series;
      if (rows > limit) {
        throw new PrecisionLimitExceededException(
            "Requested precision ("
                + p
                + ") for given time range causes "
                + "result set size of "
                + rows
                + ", which exceeds the limit of "
                + limit
                + ". Use a coarser precision, "
                + "fewer metrics or hosts, or raise almanac.query.max.points.");
      }
      return p;
    }
    for (Precision p : Precision.values()) {
      long ttl = (cluster ? clusterTtlMs : hostTtlMs).getOrDefault(p, Long.MAX_VALUE / 2);
      boolean retained = range.start() >= now - ttl;
      if (retained && rowsPerSeries(p, range, cluster) * series <= limit) {
        return p;
      }
    }
    long rows = rowsPerSeries(Precision.DAYS, range, cluster) * series;
    if (rows > limit) {
      throw new PrecisionLimitExceededException(
          "The query names "
              + series
              + " series; even daily values would "
              + "be "
              + rows
              + " rows, over the limit of "
              + limit
              + ". Ask for fewer metrics or hosts, or raise "
              + "almanac.query.max.points.");
    }
    return Precision.DAYS;
  }
}
