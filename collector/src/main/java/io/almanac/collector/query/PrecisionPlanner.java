package io.almanac.collector.query;

import io.almanac.model.Precision;
import io.almanac.model.TimeRange;
import io.almanac.model.store.RollupLevel;
import io.almanac.schema.Table;
import java.util.EnumMap;
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
    Map<Precision, Long> host = new EnumMap<>(Precision.class);
    Map<Precision, Long> cluster = new EnumMap<>(Precision.class);
    for (Precision p : Precision.values()) {
      Table hostTable =
          p == Precision.SECONDS ? Table.METRIC_RECORD : Table.of(RollupLevel.of(p, true));
      host.put(p, schema.ttl(hostTable) * 1000);
      cluster.put(p, schema.ttl(Table.of(RollupLevel.of(p, false))) * 1000);
    }
    return new PrecisionPlanner(host, cluster);
  }

  /** Rows a series has at {@code p} over {@code range}, as AMS estimates them. */
  static long rowsPerSeries(Precision p, TimeRange range, boolean cluster) {
    long seconds = Math.max(0, (range.end() - range.start()) / 1000);
    if (p == Precision.SECONDS && !cluster) {
      return ceilDiv(seconds, 60); // raw points: AMS assumes one a minute
    }
    return ceilDiv(seconds, RollupLevel.of(p, !cluster).rowSpanMs() / 1000);
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
