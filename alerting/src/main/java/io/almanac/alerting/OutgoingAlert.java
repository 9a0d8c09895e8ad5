package io.almanac.alerting;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An alert as delivery sends it, in Alertmanager's terms.
 *
 * @param labels the alert's labels
 * @param annotations its annotations
 * @param startsAt when it started firing, epoch ms
 * @param endsAt when it was resolved, or until when it holds unless sent again, epoch ms
 * @param generatorUrl a link to the rule's expression
 * @param resolved true when the alert is resolved
 */
public record OutgoingAlert(
    SortedMap<String, String> labels,
    Map<String, String> annotations,
    long startsAt,
    long endsAt,
    String generatorUrl,
    boolean resolved) {
  /** Copies the maps. */
  public OutgoingAlert {
    labels = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(labels));
    annotations = Map.copyOf(annotations);
  }
}
