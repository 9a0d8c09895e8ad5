package io.almanac.hostmonitor.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChecksFileTest {
  @TempDir Path dir;

  private Path write(String yaml) throws IOException {
    return Files.writeString(dir.resolve("checks.yml"), yaml);
  }

  @Test
  void readsEachKindWithTheFileDefaultsAndItsOwnSettings() throws IOException {
    List<HostCheck> checks =
        ChecksFile.load(
            write(
                """
                interval: 30s
                timeout: 4s
                checks:
                  - name: namenode-rpc
                    port: nn1.example.org:8020
                    warning: 1500ms
                  - name: namenode-ui
                    web: http://nn1.example.org:9870/
                    status: [200, 302]
                    timeout: 2s
                  - name: disk
                    script: /usr/lib/nagios/plugins/check_disk -w 20% -c 10% -p /
                    interval: 5m
                """));
    assertThat(checks).hasSize(3);
    PortCheck port = (PortCheck) checks.get(0);
    assertThat(port.host()).isEqualTo("nn1.example.org");
    assertThat(port.port()).isEqualTo(8020);
    assertThat(port.target()).isEqualTo("nn1.example.org:8020");
    assertThat(port.interval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(port.timeout()).isEqualTo(Duration.ofSeconds(4));
    assertThat(port.warning()).isEqualTo(Duration.ofMillis(1500));
    WebCheck web = (WebCheck) checks.get(1);
    assertThat(web.statuses()).containsExactlyInAnyOrder(200, 302);
    assertThat(web.timeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(web.target()).isEqualTo("http://nn1.example.org:9870/");
    ScriptCheck script = (ScriptCheck) checks.get(2);
    assertThat(script.interval()).isEqualTo(Duration.ofMinutes(5));
    assertThat(script.target()).isEqualTo("/usr/lib/nagios/plugins/check_disk");
  }

  @Test
  void theShippedExampleLoads() {
    List<HostCheck> checks = ChecksFile.load(Path.of("..", "conf", "checks.example.yml"));
    assertThat(checks).extracting(HostCheck::name).contains("namenode-rpc", "root-disk");
    ScriptCheck script =
        checks.stream()
            .filter(ScriptCheck.class::isInstance)
            .map(ScriptCheck.class::cast)
            .findFirst()
            .orElseThrow();
    // a script given inline has no path to name
    assertThat(script.target()).isEqualTo("inline");
  }

  @Test
  void reportsEveryProblemNamingItsCheck() throws IOException {
    Path file =
        write(
            """
            checks:
              - name: a
                port: nohost
              - name: a
                port: h:1
              - port: h:2
              - name: both
                port: h:3
                web: http://h/
              - name: web
                web: ftp://h/
              - name: s
                script: /bin/true
                warning: 1s
                status: 200
              - name: t
                port: h:4
                timeout: soon
                colour: blue
            """);
    assertThatThrownBy(() -> ChecksFile.load(file))
        .isInstanceOfSatisfying(
            ChecksFileException.class,
            e ->
                assertThat(e.problems())
                    .anySatisfy(p -> assertThat(p).contains("check 1 (a)").contains("HOST:PORT"))
                    .anySatisfy(p -> assertThat(p).contains("check 2 (a)").contains("earlier"))
                    .anySatisfy(p -> assertThat(p).contains("check 3").contains("'name'"))
                    .anySatisfy(
                        p -> assertThat(p).contains("check 4 (both)").contains("exactly one"))
                    .anySatisfy(p -> assertThat(p).contains("check 5 (web)").contains("http://"))
                    .anySatisfy(p -> assertThat(p).contains("check 6 (s)").contains("'warning'"))
                    .anySatisfy(p -> assertThat(p).contains("check 6 (s)").contains("'status'"))
                    .anySatisfy(
                        p -> assertThat(p).contains("check 7 (t)").contains("not a duration"))
                    .anySatisfy(p -> assertThat(p).contains("check 7 (t)").contains("'colour'")));
  }

  @Test
  void aFileThatIsNotYamlOrHasNoListSaysSo() throws IOException {
    assertThatThrownBy(() -> ChecksFile.load(write("checks: [unclosed")))
        .isInstanceOf(ChecksFileException.class);
    assertThatThrownBy(() -> ChecksFile.load(write("checks: 3\n")))
        .hasMessageContaining("'checks' must be a list");
    assertThatThrownBy(() -> ChecksFile.load(dir.resolve("missing.yml")))
        .isInstanceOf(ChecksFileException.class)
        .hasMessageContaining("missing.yml");
  }
}
