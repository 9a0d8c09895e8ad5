package io.almanac.model.store;

import java.util.List;

/**
 * Which series a read wants. Names and hosts are exact or, when they contain {@code %}, SQL-LIKE
 * patterns where {@code %} matches any run of characters (and {@code _} is a plain character).
 *
 * @param metricNames metric names or patterns, at least one
 * @param hostNames host names or patterns; empty means every host
 * @param appId application id (exact or pattern), or null for any
 * @param instanceId instance id (exact or pattern), or null for any
 */
public record SeriesSelector(
    List<String> metricNames, List<String> hostNames, String appId, String instanceId) {
  /** Copies the lists and checks that a metric is named. */
  public SeriesSelector {
    metricNames = List.copyOf(metricNames);
    hostNames = List.copyOf(hostNames);
    if (metricNames.isEmpty()) {
      throw new IllegalArgumentException("at least one metric name is needed");
    }
  }

  /** True when {@code s} holds the wildcard {@code %}. */
  public static boolean isPattern(String s) {
    return s != null && s.indexOf('%') >= 0;
  }
}
