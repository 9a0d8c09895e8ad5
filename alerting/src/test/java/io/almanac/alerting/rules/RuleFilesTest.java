package io.almanac.alerting.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleFilesTest {
  @TempDir Path dir;

  private Path write(String name, String yaml) throws IOException {
    return Files.writeString(dir.resolve(name), yaml);
  }

  @Test
  void loadsGroupsOfAlertingAndRecordingRulesFromGlobs() throws IOException {
    write(
        "hosts.yml",
        """
        groups:
          - name: hosts
            interval: 30s
            rules:
              - record: hostname:cpu_user:avg5m
                expr: avg by (hostname) (avg_over_time(cpu_user[5m]))
                labels: {source: rules}
              - alert: HighLoad
                expr: load_one > 4
                for: 5m
                keep_firing_for: 1m
                labels:
                  severity: warning
                annotations:
                  summary: "Load {{ $value }} on {{ $labels.hostname }}"
          - name: defaults
            rules: []
        """);
    write("empty.yml", "");
    write("other.txt", "not rules");
    List<RuleGroup> groups = RuleFiles.load(List.of(dir + "/*.yml"), 60_000);
    // the groups of empty.yml (none), then hosts.yml's in file order; other.txt is not matched
    assertThat(groups).extracting(RuleGroup::name).containsExactly("hosts", "defaults");
    RuleGroup hosts = groups.get(0);
    assertThat(hosts.intervalMs()).isEqualTo(30_000);
    assertThat(groups.get(1).intervalMs()).isEqualTo(60_000);
    RecordingRule record = (RecordingRule) hosts.rules().get(0);
    assertThat(record.name()).isEqualTo("hostname:cpu_user:avg5m");
    assertThat(record.labels()).isEqualTo(Map.of("source", "rules"));
    AlertingRule alert = (AlertingRule) hosts.rules().get(1);
    assertThat(alert.forMs()).isEqualTo(300_000);
    assertThat(alert.keepFiringForMs()).isEqualTo(60_000);
    assertThat(alert.annotations().get("summary").render(Map.of("hostname", "h1"), 5))
        .isEqualTo("Load 5 on h1");
  }

  @Test
  void everyProblemOfEveryFileIsReportedWithFileGroupAndRule() throws IOException {
    Path bad =
        write(
            "bad.yml",
            """
            groups:
              - name: g
                intervall: 1m
                rules:
                  - alert: A
                    expr: sum(
                  - alert: B
                    record: b
                    expr: up
                  - alert: C
                    expr: up == 0
                    for: soon
                    labels: {"bad-name": x}
                    annotations: {summary: "{{ if $value }}"}
                  - record: r
                    expr: up
                    for: 5m
              - name: g
                rules: []
            """);
    write("broken.yml", "groups: [ {name: x, rules: [ ");
    RuleFileException e =
        catchThrowableOfType(
            RuleFileException.class,
            () -> RuleFiles.load(List.of(bad.toString(), dir + "/broken.yml"), 60_000));
    assertThat(e.problems())
        .anySatisfy(p -> assertThat(p).contains("bad.yml: group \"g\"").contains("\"intervall\""))
        .anySatisfy(p -> assertThat(p).contains("alert \"A\"").contains("expr:"))
        .anySatisfy(p -> assertThat(p).contains("rule #2").contains("exactly one of"))
        .anySatisfy(
            p -> assertThat(p).contains("alert \"C\"").contains("\"soon\" is not a duration"))
        .anySatisfy(p -> assertThat(p).contains("\"bad-name\" is not a valid label name"))
        .anySatisfy(p -> assertThat(p).contains("annotation \"summary\": template"))
        .anySatisfy(p -> assertThat(p).contains("record \"r\"").contains("unknown field \"for\""))
        .anySatisfy(p -> assertThat(p).contains("used by another group"))
        .anySatisfy(p -> assertThat(p).contains("broken.yml: not valid YAML"));
  }

  @Test
  void aMissingPlainPathIsAnErrorAGlobThatMatchesNothingIsNot() {
    assertThat(RuleFiles.load(List.of(dir + "/none/*.yml", dir + "/*.yaml"), 60_000)).isEmpty();
    assertThatThrownBy(() -> RuleFiles.load(List.of(dir + "/missing.yml"), 60_000))
        .isInstanceOf(RuleFileException.class)
        .hasMessageContaining("missing.yml: no such file");
  }
}
