package io.almanac.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.almanac.alerting.rules.AlertingRule;
import io.almanac.alerting.rules.Template;
import io.almanac.promql.Labels;
import io.almanac.promql.Parser;
import io.almanac.promql.Sample;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertRuleStateTest {
  private static final long MINUTE = 60_000;
  private static final long T0 = 1_000 * MINUTE;

  private static AlertingRule rule(long forMs, long keepFiringForMs) {
    return new AlertingRule(
        "HighLoad",
        "load_one > 4",
        Parser.parse("load_one > 4"),
        forMs,
        keepFiringForMs,
        Map.of("severity", Template.parse("page")),
        Map.of("summary", Template.parse("{{ $labels.hostname }} at {{ $value }}")));
  }

  private static Sample load(String host, double v) {
    return new Sample(
        Labels.of(Map.of("__name__", "load_one", "hostname", host, "appid", "HOST")), v);
  }

  @Test
  void pendingForItsForThenFiringThenResolvedAndKeptFifteenMinutes() {
    AlertRuleState s = new AlertRuleState(rule(5 * MINUTE, 0), List.of());
    assertThat(s.apply(List.of(load("h1", 6)), T0, 0))
        .extracting(StateChange::to)
        .containsExactly(AlertState.PENDING);
    Alert a = s.alerts().get(0);
    assertThat(a.labels())
        .containsExactlyEntriesOf(
            new java.util.TreeMap<>(
                Map.of(
                    "alertname",
                    "HighLoad",
                    "appid",
                    "HOST",
                    "hostname",
                    "h1",
                    "severity",
                    "page")));
    assertThat(a.annotations()).containsEntry("summary", "h1 at 6");
    assertThat(s.takeToSend(T0, MINUTE, MINUTE)).isEmpty(); // pending is never sent

    assertThat(s.apply(List.of(load("h1", 7)), T0 + 4 * MINUTE, 0)).isEmpty();
    assertThat(s.apply(List.of(load("h1", 8)), T0 + 5 * MINUTE, 0))
        .singleElement()
        .satisfies(c -> assertThat(c.from()).isEqualTo(AlertState.PENDING))
        .satisfies(c -> assertThat(c.to()).isEqualTo(AlertState.FIRING));
    a = s.alerts().get(0);
    assertThat(a.activeAt()).isEqualTo(T0);
    assertThat(a.firedAt()).isEqualTo(T0 + 5 * MINUTE);
    assertThat(a.annotations()).containsEntry("summary", "h1 at 8");
    assertThat(s.takeToSend(T0 + 5 * MINUTE, MINUTE, MINUTE)).hasSize(1);
    // not again before the resend delay, again after it
    assertThat(s.takeToSend(T0 + 6 * MINUTE, MINUTE, MINUTE)).isEmpty();
    assertThat(s.takeToSend(T0 + 6 * MINUTE + 1, MINUTE, MINUTE)).hasSize(1);

    assertThat(s.apply(List.of(), T0 + 7 * MINUTE, 0))
        .singleElement()
        .satisfies(c -> assertThat(c.to()).isEqualTo(AlertState.INACTIVE));
    List<Alert> resolved = s.takeToSend(T0 + 7 * MINUTE, MINUTE, MINUTE);
    assertThat(resolved)
        .singleElement()
        .satisfies(r -> assertThat(r.resolvedAt()).isEqualTo(T0 + 7 * MINUTE));
    s.apply(List.of(), T0 + 7 * MINUTE + AlertRuleState.RESOLVED_RETENTION_MS, 0);
    assertThat(s.alerts()).hasSize(1); // kept, inactive, for 15 minutes
    s.apply(List.of(), T0 + 8 * MINUTE + AlertRuleState.RESOLVED_RETENTION_MS, 0);
    assertThat(s.alerts()).isEmpty();
  }

  @Test
  void aPendingAlertWhoseSampleGoesIsDroppedAndOnlyTheHostsAboveAlert() {
    AlertRuleState s = new AlertRuleState(rule(5 * MINUTE, 0), List.of());
    s.apply(List.of(load("h1", 6), load("h2", 9)), T0, 0);
    assertThat(s.alerts()).hasSize(2);
    assertThat(s.apply(List.of(load("h2", 9)), T0 + MINUTE, 0))
        .singleElement()
        .satisfies(c -> assertThat(c.labels()).containsEntry("hostname", "h1"))
        .satisfies(c -> assertThat(c.to()).isEqualTo(AlertState.INACTIVE));
    assertThat(s.alerts()).extracting(x -> x.labels().get("hostname")).containsExactly("h2");
  }

  @Test
  void withoutForAnAlertFiresAtOnceAndKeepFiringForHoldsIt() {
    AlertRuleState s = new AlertRuleState(rule(0, 2 * MINUTE), List.of());
    assertThat(s.apply(List.of(load("h1", 6)), T0, 0))
        .extracting(StateChange::to)
        .containsExactly(AlertState.PENDING, AlertState.FIRING);
    assertThat(s.apply(List.of(), T0 + MINUTE, 0)).isEmpty();
    assertThat(s.alerts().get(0).state()).isEqualTo(AlertState.FIRING);
    // back within keep_firing_for: the clock restarts
    s.apply(List.of(load("h1", 6)), T0 + 2 * MINUTE, 0);
    s.apply(List.of(), T0 + 3 * MINUTE, 0);
    assertThat(s.apply(List.of(), T0 + 4 * MINUTE, 0)).isEmpty();
    assertThat(s.apply(List.of(), T0 + 5 * MINUTE, 0))
        .extracting(StateChange::to)
        .containsExactly(AlertState.INACTIVE);
  }

  @Test
  void aResolvedAlertThatComesBackStartsPendingAgain() {
    AlertRuleState s = new AlertRuleState(rule(2 * MINUTE, 0), List.of());
    s.apply(List.of(load("h1", 6)), T0, 0);
    s.apply(List.of(load("h1", 6)), T0 + 2 * MINUTE, 0);
    s.apply(List.of(), T0 + 3 * MINUTE, 0);
    s.apply(List.of(load("h1", 6)), T0 + 4 * MINUTE, 0);
    Alert again = s.alerts().get(0);
    assertThat(again.state()).isEqualTo(AlertState.PENDING);
    assertThat(again.activeAt()).isEqualTo(T0 + 4 * MINUTE);
  }

  @Test
  void duplicateLabelSetsAndTheLimitAreErrors() {
    AlertRuleState s = new AlertRuleState(rule(0, 0), List.of());
    Sample a = new Sample(Labels.of(Map.of("__name__", "x", "hostname", "h")), 1);
    Sample b = new Sample(Labels.of(Map.of("__name__", "y", "hostname", "h")), 2);
    assertThatThrownBy(() -> s.apply(List.of(a, b), T0, 0)).hasMessageContaining("several samples");
    assertThatThrownBy(() -> s.apply(List.of(load("h1", 6), load("h2", 6)), T0, 1))
        .hasMessageContaining("limit of 1");
  }
}
