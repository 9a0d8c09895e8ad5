package io.almanac.alerting;

import io.almanac.alerting.rules.AlertingRule;
import io.almanac.alerting.rules.RecordingRule;
import io.almanac.alerting.rules.Rule;
import io.almanac.alerting.rules.RuleGroup;
import io.almanac.promql.Labels;
import io.almanac.promql.PromQlException;
import io.almanac.promql.QueryResult;
import io.almanac.promql.Sample;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One group's rules, evaluated in order at each tick: alerting rules move their alerts and hand
 * what is due to delivery; recording rules write their result back. Each rule's failure is its own
 * (its health says why); the others still run. Evaluated by one thread at a time; the status is
 * published for readers.
 */
final class GroupEvaluation {
  private static final Logger LOG = LoggerFactory.getLogger(GroupEvaluation.class);

  /** What the evaluation needs from outside. */
  record Ports(
      RuleQueries queries,
      RecordedSeriesWriter recorder,
      AlertStateStore store,
      AlertNotifier notifier) {}

  private final RuleGroup group;
  private final Ports ports;
  private final AlertingSettings settings;
  private final List<String> keys = new ArrayList<>();
  private final Map<String, AlertRuleState> states = new TreeMap<>();
  private final Map<String, List<Alert>> saved = new TreeMap<>();
  private volatile GroupStatus status;

  /**
   * The group's evaluation, with the alerts of its rules taken from {@code restored} (by rule key).
   */
  GroupEvaluation(
      RuleGroup group, Ports ports, AlertingSettings settings, Map<String, List<Alert>> restored) {
    this.group = group;
    this.ports = ports;
    this.settings = settings;
    Map<String, Integer> seen = new TreeMap<>();
    List<RuleStatus> initial = new ArrayList<>();
    for (Rule r : group.rules()) {
      int n = seen.merge(r.name(), 1, Integer::sum);
      String key = group.key() + ";" + r.name() + (n > 1 ? ";" + n : "");
      keys.add(key);
      List<Alert> mine = restored.getOrDefault(key, List.of());
      if (r instanceof AlertingRule a) {
        states.put(key, new AlertRuleState(a, mine));
        saved.put(key, mine);
      }
      initial.add(new RuleStatus(r, "unknown", "", 0, 0, mine));
    }
    status = new GroupStatus(group, initial, 0, 0);
  }

  RuleGroup group() {
    return group;
  }

  GroupStatus status() {
    return status;
  }

  /** The alerts of each alerting rule, by key: handed to the next evaluation on a reload. */
  Map<String, List<Alert>> alertsByKey() {
    Map<String, List<Alert>> out = new TreeMap<>();
    states.forEach((k, s) -> out.put(k, s.alerts()));
    return out;
  }

  /** Evaluates every rule at {@code now}. */
  void evaluate(long now) {
    long groupStart = System.nanoTime();
    List<RuleStatus> out = new ArrayList<>();
    for (int i = 0; i < group.rules().size(); i++) {
      Rule rule = group.rules().get(i);
      String key = keys.get(i);
      long start = System.nanoTime();
      String error = "";
      try {
        List<Sample> samples = samples(ports.queries().instant(rule.expr(), now));
        if (rule instanceof AlertingRule) {
          alert(key, states.get(key), samples, now);
        } else {
          record((RecordingRule) rule, samples, now);
        }
      } catch (RuntimeException e) {
        error = e.getMessage() == null ? e.toString() : e.getMessage();
        LOG.warn("Rule {} of group {} ({}): {}", rule.name(), group.name(), group.file(), error);
      }
      AlertRuleState state = states.get(key);
      out.add(
          new RuleStatus(
              rule,
              error.isEmpty() ? "ok" : "err",
              error,
              now,
              (System.nanoTime() - start) / 1e6,
              state == null ? List.of() : state.alerts()));
    }
    status = new GroupStatus(group, out, now, (System.nanoTime() - groupStart) / 1e6);
  }

  private void alert(String key, AlertRuleState state, List<Sample> samples, long now) {
    List<StateChange> changes = state.apply(samples, now, group.limit());
    if (!changes.isEmpty()) {
      ports.store().appendHistory(changes);
    }
    List<Alert> due = state.takeToSend(now, settings.resendDelayMs(), group.intervalMs());
    List<Alert> alerts = state.alerts();
    if (!alerts.equals(saved.get(key))) {
      ports.store().saveAlerts(key, alerts); // before sending: a crash re-sends, never loses
      saved.put(key, alerts);
    }
    if (!due.isEmpty()) {
      List<OutgoingAlert> outgoing = new ArrayList<>(due.size());
      for (Alert a : due) {
        outgoing.add(outgoing(state.rule(), a));
      }
      ports.notifier().send(outgoing);
    }
  }

  private OutgoingAlert outgoing(AlertingRule rule, Alert a) {
    boolean resolved = a.state() == AlertState.INACTIVE;
    return new OutgoingAlert(
        a.labels(),
        a.annotations(),
        a.firedAt() > 0 ? a.firedAt() : a.activeAt(),
        resolved ? a.resolvedAt() : a.validUntil(),
        settings.externalUrl()
            + "/graph?g0.expr="
            + URLEncoder.encode(rule.expr(), StandardCharsets.UTF_8)
            + "&g0.tab=1",
        resolved);
  }

  private void record(RecordingRule rule, List<Sample> samples, long now) {
    List<Sample> out = new ArrayList<>(samples.size());
    Set<Labels> seen = new HashSet<>();
    for (Sample s : samples) {
      Labels labels = s.labels().with(Labels.NAME, rule.name());
      for (Map.Entry<String, String> l : rule.labels().entrySet()) {
        labels = labels.with(l.getKey(), l.getValue());
      }
      if (!seen.add(labels)) {
        throw new PromQlException(
            "the result holds several samples with the labels "
                + labels.map()
                + " after the rule's");
      }
      out.add(new Sample(labels, s.value()));
    }
    if (group.limit() > 0 && out.size() > group.limit()) {
      throw new PromQlException(
          "exceeded the limit of " + group.limit() + " series (" + out.size() + " samples)");
    }
    if (!out.isEmpty()) {
      ports.recorder().write(out, now);
    }
  }

  private static List<Sample> samples(QueryResult r) {
    if (r instanceof QueryResult.VectorResult v) {
      return v.samples();
    }
    if (r instanceof QueryResult.ScalarResult s) {
      return List.of(new Sample(Labels.EMPTY, s.value()));
    }
    throw new PromQlException("the expression must give an instant vector or a scalar");
  }
}
