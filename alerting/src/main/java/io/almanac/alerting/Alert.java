package io.almanac.alerting;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One alert of an alerting rule: a label set and where it stands. Times are epoch ms, 0 = never.
 *
 * @param labels the alert's labels: the sample's (without {@code __name__}), the rule's, and {@code
 *     alertname}
 * @param annotations the rendered annotations
 * @param state pending, firing, or inactive (resolved)
 * @param value the sample's value at the last evaluation that saw it
 * @param activeAt when it became pending
 * @param firedAt when it started firing
 * @param resolvedAt when it was resolved
 * @param lastSentAt when it was last handed to delivery
 * @param keepFiringSince since when it has been kept firing without its sample
 * @param validUntil until when a sent firing alert holds unless sent again ({@code endsAt})
 */
public record Alert(
    SortedMap<String, String> labels,
    Map<String, String> annotations,
    AlertState state,
    double value,
    long activeAt,
    long firedAt,
    long resolvedAt,
    long lastSentAt,
    long keepFiringSince,
    long validUntil) {
  /** Copies the maps. */
  public Alert {
    labels = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(labels));
    annotations = Map.copyOf(annotations);
  }

  /** A new pending alert. */
  static Alert pending(
      SortedMap<String, String> labels, Map<String, String> annotations, double value, long at) {
    return new Alert(labels, annotations, AlertState.PENDING, value, at, 0, 0, 0, 0, 0);
  }

  Alert seen(Map<String, String> newAnnotations, double newValue) {
    return new Alert(
        labels,
        newAnnotations,
        state,
        newValue,
        activeAt,
        firedAt,
        resolvedAt,
        lastSentAt,
        0,
        validUntil);
  }

  Alert firing(long at) {
    return new Alert(
        labels,
        annotations,
        AlertState.FIRING,
        value,
        activeAt,
        at,
        0,
        lastSentAt,
        keepFiringSince,
        validUntil);
  }

  Alert resolved(long at) {
    return new Alert(
        labels,
        annotations,
        AlertState.INACTIVE,
        value,
        activeAt,
        firedAt,
        at,
        lastSentAt,
        0,
        validUntil);
  }

  Alert keptFiringSince(long at) {
    return new Alert(
        labels,
        annotations,
        state,
        value,
        activeAt,
        firedAt,
        resolvedAt,
        lastSentAt,
        at,
        validUntil);
  }

  Alert sent(long at, long until) {
    return new Alert(
        labels,
        annotations,
        state,
        value,
        activeAt,
        firedAt,
        resolvedAt,
        at,
        keepFiringSince,
        until);
  }

  /** True when delivery should get it at {@code now}: Prometheus's rule. */
  boolean needsSending(long now, long resendDelayMs) {
    if (state == AlertState.PENDING) {
      return false;
    }
    if (resolvedAt > lastSentAt) {
      return true; // resolved since it was last sent
    }
    return lastSentAt + resendDelayMs < now;
  }
}
