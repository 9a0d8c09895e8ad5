package io.almanac.benchmarks;

/** Workload sizes: hosts x metrics at 10 s over a number of minutes. */
public enum Tier {
  /** A smoke run in well under 3 minutes. */
  XS(5, 20, 10),
  /** 100 hosts x 100 metrics, one hour: 3.6 M points. */
  S(100, 100, 60),
  /** 1,000 hosts x 200 metrics, one hour: 72 M points. */
  M(1000, 200, 60);

  private final int hosts;
  private final int metrics;
  private final int minutes;

  Tier(int hosts, int metrics, int minutes) {
    this.hosts = hosts;
    this.metrics = metrics;
    this.minutes = minutes;
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
}
