package io.almanac.alerting;

import io.almanac.alerting.rules.AlertingRule;
import io.almanac.alerting.rules.Template;
import io.almanac.promql.Labels;
import io.almanac.promql.PromQlException;
import io.almanac.promql.Sample;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The alerts of one alerting rule and their transitions, as Prometheus computes them: a sample
 * makes a pending alert, which fires once it has lasted the rule's {@code for}; an alert whose
 * sample is gone is resolved (a firing one only after {@code keep_firing_for}) and kept, inactive,
 * for 15 minutes so its resolution is delivered, a pending one is dropped. Not thread-safe: the
 * group's evaluation owns it.
 */
final class AlertRuleState {
  /** How long a resolved alert is kept (and re-sent), as in Prometheus. */
  static final long RESOLVED_RETENTION_MS = 15 * 60_000;

  private final AlertingRule rule;
  private final Map<SortedMap<String, String>, Alert> active = new LinkedHashMap<>();

  AlertRuleState(AlertingRule rule, Collection<Alert> restored) {
    this.rule = rule;
    restored.forEach(a -> active.put(a.labels(), a));
  }

  AlertingRule rule() {
    return rule;
  }

  /** The alerts held now: pending, firing, and recently resolved. */
  List<Alert> alerts() {
    return List.copyOf(active.values());
  }

  /**
   * Applies the samples the rule's expression returned at {@code now}.
   *
   * @param limit at most this many alerts (0 = any)
   * @return the state changes, in order
   * @throws PromQlException when two samples make the same alert, or the limit is passed
   */
  List<StateChange> apply(List<Sample> samples, long now, int limit) {
    Map<SortedMap<String, String>, Sample> seen = new HashMap<>();
    Map<SortedMap<String, String>, Map<String, String>> annotations = new HashMap<>();
    for (Sample s : samples) {
      SortedMap<String, String> labels = alertLabels(s);
      if (seen.put(labels, s) != null) {
        throw new PromQlException(
            "the result holds several samples with the labels " + labels + " after the rule's");
      }
      annotations.put(labels, render(rule.annotations(), s));
    }
    if (limit > 0 && seen.size() > limit) {
      throw new PromQlException(
          "exceeded the limit of " + limit + " alerts (" + seen.size() + " samples)");
    }
    List<StateChange> changes = new ArrayList<>();
    seen.forEach(
        (labels, s) -> {
          Alert a = active.get(labels);
          if (a != null && a.state() != AlertState.INACTIVE) {
            active.put(labels, a.seen(annotations.get(labels), s.value()));
          } else {
            active.put(labels, Alert.pending(labels, annotations.get(labels), s.value(), now));
            changes.add(change(now, labels, AlertState.INACTIVE, AlertState.PENDING, s.value()));
          }
        });
    for (var it = active.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      Alert a = e.getValue();
      if (!seen.containsKey(e.getKey())) {
        if (a.state() == AlertState.PENDING) {
          it.remove();
          changes.add(change(now, a.labels(), AlertState.PENDING, AlertState.INACTIVE, a.value()));
          continue;
        }
        if (a.state() == AlertState.INACTIVE) {
          if (now - a.resolvedAt() > RESOLVED_RETENTION_MS) {
            it.remove();
          }
          continue;
        }
        // firing without its sample: kept for keep_firing_for, then resolved
        if (rule.keepFiringForMs() > 0) {
          long since = a.keepFiringSince() == 0 ? now : a.keepFiringSince();
          if (now - since < rule.keepFiringForMs()) {
            e.setValue(a.keptFiringSince(since));
            continue;
          }
        }
        e.setValue(a.resolved(now));
        changes.add(change(now, a.labels(), AlertState.FIRING, AlertState.INACTIVE, a.value()));
        continue;
      }
      if (a.state() == AlertState.PENDING && now - a.activeAt() >= rule.forMs()) {
        e.setValue(a.firing(now));
        changes.add(change(now, a.labels(), AlertState.PENDING, AlertState.FIRING, a.value()));
      }
    }
    return changes;
  }

  /** The alerts delivery should get at {@code now}, marked sent; Prometheus's resend rule. */
  List<Alert> takeToSend(long now, long resendDelayMs, long intervalMs) {
    List<Alert> out = new ArrayList<>();
    long validFor = 4 * Math.max(resendDelayMs, intervalMs);
    for (var e : active.entrySet()) {
      Alert a = e.getValue();
      if (a.needsSending(now, resendDelayMs)) {
        Alert sent = a.sent(now, now + validFor);
        e.setValue(sent);
        out.add(sent);
      }
    }
    return out;
  }

  private SortedMap<String, String> alertLabels(Sample s) {
    SortedMap<String, String> labels = new TreeMap<>(s.labels().map());
    labels.remove(Labels.NAME);
    Map<String, String> sampleLabels = s.labels().map();
    rule.labels()
        .forEach(
            (k, t) -> {
              String v = t.render(sampleLabels, s.value());
              if (v.isEmpty()) {
                labels.remove(k);
              } else {
                labels.put(k, v);
              }
            });
    labels.put("alertname", rule.name());
    return labels;
  }

  private static Map<String, String> render(Map<String, Template> templates, Sample s) {
    Map<String, String> out = new TreeMap<>();
    templates.forEach((k, t) -> out.put(k, t.render(s.labels().map(), s.value())));
    return out;
  }

  private StateChange change(
      long at, SortedMap<String, String> labels, AlertState from, AlertState to, double value) {
    return new StateChange(at, rule.name(), labels, from, to, value);
  }
}
