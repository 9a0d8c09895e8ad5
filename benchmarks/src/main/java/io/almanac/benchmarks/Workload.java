package io.almanac.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A deterministic workload: {@code hosts x metrics} series at 10 s over {@code minutes}, with a mix
 * like a Hadoop cluster's: 40 % integer counters, 30 % slow gauges (a one-decimal random walk), 10
 * % noisy gauges, 20 % constants. The same inputs give the same points on every run, so two systems
 * fed from it can be compared value by value.
 */
public final class Workload {
  /** The appId every series is posted under. */
  public static final String APP = "bench";

  /** Seconds between points. */
  public static final int STEP_SECONDS = 10;

  private final int hosts;
  private final int metrics;
  private final int minutes;
  private final long startMs;

  /** A workload of {@code tier} whose first point is at {@code startMs} (a whole minute). */
  public Workload(Tier tier, long startMs) {
    this(tier.hosts(), tier.metrics(), tier.minutes(), startMs);
  }

  /**
   * A workload of {@code tier} over whole past hours at {@code nowMs}: it starts on an hour and
   * ends at or before the start of the hour in progress, five minutes back at least, so that the
   * collector can seal all of it (sealing leaves the hour in progress alone). A tier shorter than
   * an hour still takes the start of a past hour.
   */
  public static Workload inPastHours(Tier tier, long nowMs) {
    long hour = 3_600_000L;
    long hours = (tier.minutes() * 60_000L + hour - 1) / hour;
    long start = Math.floorDiv(nowMs - 5 * 60_000L, hour) * hour - hours * hour;
    return new Workload(tier, start);
  }

  /** A workload of the given size. */
  public Workload(int hosts, int metrics, int minutes, long startMs) {
    this.hosts = hosts;
    this.metrics = metrics;
    this.minutes = minutes;
    this.startMs = startMs;
  }

  public int hosts() {
    return hosts;
  }

  public int metrics() {
    return metrics;
  }

  public int minutes() {
    return minutes;
  }

  public long startMs() {
    return startMs;
  }

  /** End of the data, exclusive. */
  public long endMs() {
    return startMs + minutes * 60_000L;
  }

  /** Points in all. */
  public long points() {
    return (long) hosts * metrics * minutes * (60 / STEP_SECONDS);
  }

  public static String host(int h) {
    return String.format("host%04d", h);
  }

  public static String metric(int m) {
    return String.format("metric_%03d", m);
  }

  /** What kind of series metric {@code m} is. */
  public static String kind(int m) {
    int c = m % 10;
    return c < 4 ? "counter" : c < 7 ? "gauge" : c < 8 ? "noisy" : "constant";
  }

  /** The value of series (h, m) at step {@code i} (0-based, 10 s apart). */
  public static double value(int h, int m, int i) {
    long seed = mix(h * 1_000_003L + m);
    switch (kind(m)) {
      case "counter":
        return (seed & 0xFFFF) + i * (1 + (seed >>> 20 & 7));
      case "gauge":
        double v = 50 + (seed & 31);
        for (int k = 0; k <= i; k += 6) {
          v += ((mix(seed + k) & 7) - 3.5) / 10;
        }
        return Math.round(v * 10) / 10.0;
      case "noisy":
        return (mix(seed + i) & 0xFFFFF) / 1000.0;
      default:
        return (seed & 0xFF) + 0.5;
    }
  }

  private static long mix(long x) {
    x += 0x9E3779B97F4A7C15L;
    x = (x ^ (x >>> 30)) * 0xBF58476D1CE4E5B9L;
    x = (x ^ (x >>> 27)) * 0x94D049BB133111EBL;
    return x ^ (x >>> 31);
  }

  /** How many POSTs carry the workload: one per host and minute, in time order. */
  public int posts() {
    return hosts * minutes;
  }

  /** Every POST body of {@link #amsPost}, held in memory: for small workloads only. */
  public List<byte[]> amsPosts() {
    List<byte[]> out = new ArrayList<>(posts());
    for (int i = 0; i < posts(); i++) {
      out.add(amsPost(i));
    }
    return out;
  }

  /**
   * POST {@code index} ({@code 0 <= index < posts()}) as AMS JSON, the way a Hadoop sink posts it:
   * one host's metrics of one minute, 6 points per metric; made on demand, so that a large tier is
   * never held in memory.
   */
  public byte[] amsPost(int index) {
    int minute = index / hosts;
    int h = index % hosts;
    StringBuilder sb = new StringBuilder(metrics * 200).append("{\"metrics\":[");
    long t0 = startMs + minute * 60_000L;
    for (int m = 0; m < metrics; m++) {
      sb.append(m == 0 ? "" : ",")
          .append("{\"metricname\":\"")
          .append(metric(m))
          .append("\",\"appid\":\"")
          .append(APP)
          .append("\",\"hostname\":\"")
          .append(host(h))
          .append("\",\"starttime\":")
          .append(t0)
          .append(",\"type\":\"")
          .append(kind(m).equals("counter") ? "COUNTER" : "GAUGE")
          .append("\",\"metrics\":{");
      for (int s = 0; s < 6; s++) {
        sb.append(s == 0 ? "" : ",")
            .append('"')
            .append(t0 + s * 10_000L)
            .append("\":")
            .append(value(h, m, minute * 6 + s));
      }
      sb.append("}}");
    }
    return sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Every body of {@link #victoriaImport}, held in memory: for small workloads only. */
  public List<byte[]> victoriaImports() {
    List<byte[]> out = new ArrayList<>(posts());
    for (int i = 0; i < posts(); i++) {
      out.add(victoriaImport(i));
    }
    return out;
  }

  /**
   * The points of {@link #amsPost amsPost(index)} as VictoriaMetrics {@code /api/v1/import} JSON
   * lines.
   */
  public byte[] victoriaImport(int index) {
    int minute = index / hosts;
    int h = index % hosts;
    StringBuilder sb = new StringBuilder(metrics * 200);
    long t0 = startMs + minute * 60_000L;
    for (int m = 0; m < metrics; m++) {
      sb.append("{\"metric\":{\"__name__\":\"")
          .append(metric(m))
          .append("\",\"hostname\":\"")
          .append(host(h))
          .append("\",\"appid\":\"")
          .append(APP)
          .append("\"},\"values\":[");
      for (int s = 0; s < 6; s++) {
        sb.append(s == 0 ? "" : ",").append(value(h, m, minute * 6 + s));
      }
      sb.append("],\"timestamps\":[");
      for (int s = 0; s < 6; s++) {
        sb.append(s == 0 ? "" : ",").append(t0 + s * 10_000L);
      }
      sb.append("]}\n");
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }
}
