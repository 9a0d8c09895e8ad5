package io.almanac.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.promql.Labels;
import io.almanac.promql.QueryResult;
import io.almanac.promql.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertingServiceTest {
  private static final long MINUTE = 60_000;
  private static final long T0 = 10_000 * MINUTE;

  @TempDir Path dir;

  /** load_one of each host, as set by the test; the rule's threshold is applied here. */
  private final Map<String, Double> load = new java.util.concurrent.ConcurrentHashMap<>();

  private final List<OutgoingAlert> sent = new CopyOnWriteArrayList<>();
  private final List<Sample> recorded = new CopyOnWriteArrayList<>();
  private final InMemoryAlertStateStore store = new InMemoryAlertStateStore();

  private QueryResult query(String q, long t) {
    List<Sample> out = new ArrayList<>();
    if (q.startsWith("boom")) {
      throw new IllegalStateException("the store is down");
    }
    double threshold = q.startsWith("load_one > ") ? Double.parseDouble(q.substring(11)) : -1;
    load.forEach(
        (h, v) -> {
          if (v > threshold) {
            out.add(new Sample(Labels.of(Map.of("__name__", "load_one", "hostname", h)), v));
          }
        });
    return new QueryResult.VectorResult(t, out);
  }

  private AlertingService service(Path rules) {
    return new AlertingService(
        new AlertingSettings(List.of(rules.toString()), MINUTE, MINUTE, "http://almanac:6188"),
        this::query,
        (samples, t) -> recorded.addAll(samples),
        store,
        sent::addAll,
        () -> T0);
  }

  private Path rules() throws IOException {
    return Files.writeString(
        dir.resolve("rules.yml"),
        """
        groups:
          - name: load
            interval: 1h
            rules:
              - alert: HighLoad
                expr: load_one > 4
                for: 2m
                annotations: {summary: "{{ $labels.hostname }} load {{ $value }}"}
              - alert: Broken
                expr: boom
              - record: load:all
                expr: load_one
                labels: {source: rule}
        """);
  }

  @Test
  void aFiringAlertKeepsItsActiveAtAcrossARestartAndIsResolvedOnce() throws IOException {
    Path file = rules();
    load.put("h1", 6.0);
    load.put("h2", 1.0);
    try (AlertingService first = service(file)) {
      assertThat(first.start().ok()).isTrue();
      first.evaluateAll(T0);
      first.evaluateAll(T0 + 2 * MINUTE);
      assertThat(sent)
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.labels())
                    .containsEntry("hostname", "h1")
                    .containsEntry("alertname", "HighLoad");
                assertThat(a.annotations()).containsEntry("summary", "h1 load 6");
                assertThat(a.startsAt()).isEqualTo(T0 + 2 * MINUTE);
                assertThat(a.resolved()).isFalse();
                assertThat(a.generatorUrl())
                    .startsWith("http://almanac:6188/graph?g0.expr=load_one");
              });
      // one rule failing does not stop the others: the recording rule ran
      GroupStatus g = first.groups().get(0);
      assertThat(g.rules()).extracting(RuleStatus::health).containsExactly("ok", "err", "ok");
      assertThat(g.rules().get(1).lastError()).contains("the store is down");
      assertThat(recorded).extracting(s -> s.labels().get("__name__")).containsOnly("load:all");
      assertThat(recorded.get(0).labels().get("source")).isEqualTo("rule");
    }
    sent.clear();
    try (AlertingService second = service(file)) {
      second.start();
      Alert restored = second.groups().get(0).rules().get(0).alerts().get(0);
      assertThat(restored.state()).isEqualTo(AlertState.FIRING);
      assertThat(restored.activeAt()).isEqualTo(T0);
      second.evaluateAll(T0 + 2 * MINUTE + 30_000);
      assertThat(sent).isEmpty(); // sent 30 s ago, before the restart
      load.put("h1", 2.0);
      second.evaluateAll(T0 + 4 * MINUTE);
      assertThat(sent)
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.resolved()).isTrue();
                assertThat(a.endsAt()).isEqualTo(T0 + 4 * MINUTE);
              });
      // a resolved alert is sent again each resend delay while it is kept (15 minutes)
      second.evaluateAll(T0 + 5 * MINUTE + 1);
      assertThat(sent).hasSize(2);
      assertThat(sent.get(1).resolved()).isTrue();
      assertThat(second.history(0, Long.MAX_VALUE))
          .extracting(c -> c.from() + ">" + c.to())
          .containsExactly("INACTIVE>PENDING", "PENDING>FIRING", "FIRING>INACTIVE");
    }
    sent.clear();
    try (AlertingService third = service(file)) {
      third.start();
      third.evaluateAll(T0 + 5 * MINUTE + 30_000);
      assertThat(sent)
          .as("a resolution sent 30 s before the restart is not sent at once")
          .isEmpty();
    }
  }

  @Test
  void aBrokenReloadKeepsTheRunningRules() throws IOException {
    Path file = rules();
    try (AlertingService service = service(file)) {
      service.start();
      Files.writeString(file, "groups: [{name: x, rules: [{alert: A, expr: 'sum('}]}]");
      AlertingService.ReloadResult r = service.reload();
      assertThat(r.ok()).isFalse();
      assertThat(r.problems()).singleElement().asString().contains("alert \"A\"");
      assertThat(service.groups()).extracting(s -> s.group().name()).containsExactly("load");
      Files.writeString(file, "groups: [{name: y, rules: []}]");
      assertThat(service.reload().ok()).isTrue();
      assertThat(service.groups()).extracting(s -> s.group().name()).containsExactly("y");
    }
  }
}
