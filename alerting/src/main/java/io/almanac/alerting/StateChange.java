package io.almanac.alerting;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An alert moving from one state to another.
 *
 * @param time when, epoch ms
 * @param rule the alert rule's name
 * @param labels the alert's labels
 * @param from the state before
 * @param to the state after
 * @param value the sample's value (the last one seen, when resolved)
 */
public record StateChange(
    long time,
    String rule,
    SortedMap<String, String> labels,
    AlertState from,
    AlertState to,
    double value) {
  /** Copies the labels. */
  public StateChange {
    labels = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(labels));
  }

  /** Labels as a plain map. */
  public Map<String, String> labelMap() {
    return labels;
  }
}
