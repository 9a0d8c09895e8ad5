package io.almanac.ops.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.ops.protocol.Command;
import io.almanac.ops.protocol.ComponentScripts;
import io.almanac.ops.protocol.Readiness;
import io.almanac.ops.protocol.Report;
import io.almanac.ops.protocol.ReportStatus;
import io.almanac.ops.protocol.ServiceAction;
import io.almanac.ops.protocol.ServiceStep;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service contract with a real demo daemon (a {@code sleep} with a pid file in the component's
 * state directory), run by the agent's task runner; no server involved.
 */
class ServiceStepRunnerTest {
  private static final String START =
      "nohup sleep 300 > /dev/null 2>&1 & echo $! > \"$ALMANAC_STATE_DIR/pid\"";

  /** Stops slowly: the daemon is gone only a second after stop returns. */
  private static final String SLOW_STOP =
      "pid=$(cat \"$ALMANAC_STATE_DIR/pid\"); (sleep 1; kill \"$pid\") > /dev/null 2>&1 &";

  private static final String STOP = "kill $(cat \"$ALMANAC_STATE_DIR/pid\") 2>/dev/null; true";
  private static final String STATUS =
      "pid=$(cat \"$ALMANAC_STATE_DIR/pid\" 2>/dev/null) && kill -0 \"$pid\" 2>/dev/null"
          + " && exit 0; exit 3";

  /** A status script that breaks once the component is stopped (the Presto plugin's bug). */
  private static final String BROKEN_STATUS =
      "pid=$(cat \"$ALMANAC_STATE_DIR/pid\" 2>/dev/null) && kill -0 \"$pid\" 2>/dev/null"
          + " && exit 0; echo 'cannot read the pid file' >&2; exit 1";

  @TempDir Path dir;
  private final List<Report> sent = new CopyOnWriteArrayList<>();
  private final AtomicLong ids = new AtomicLong();
  private TaskRunner runner;
  private long nextTask = 1;

  @BeforeEach
  void open() throws Exception {
    AgentSettings settings =
        new AgentSettings(
            URI.create("ws://127.0.0.1:1/agent/v1"),
            "h1",
            dir,
            2,
            Duration.ofMillis(200),
            Duration.ofSeconds(2),
            Duration.ofSeconds(1),
            null,
            null);
    runner = new TaskRunner(settings, new Journal(dir), ids::incrementAndGet, sent::add);
  }

  @AfterEach
  void close() throws Exception {
    runner.close();
    Path pid = pidFile();
    if (Files.exists(pid)) {
      ProcessHandle.of(Long.parseLong(Files.readString(pid).strip()))
          .ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  private Path pidFile() {
    return dir.resolve("services").resolve("demo").resolve("daemon").resolve("pid");
  }

  private long daemonPid() throws Exception {
    return Long.parseLong(Files.readString(pidFile()).strip());
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private Report run(ServiceAction action, String stop, String status, Readiness readiness)
      throws Exception {
    long task = nextTask++;
    ServiceStep step =
        new ServiceStep(
            action,
            "demo",
            "daemon",
            new ComponentScripts("true", "true", START, stop, status),
            readiness);
    runner.accept(new Command(100 + task, task, 1, 7, 1, "7-1", "daemon", null, 20, step));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      for (Report report : sent) {
        if (report.taskId() == task && report.isFinal()) {
          return report;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no final report for task " + task + "; sent " + sent);
  }

  @Test
  void startWaitsForStatusAndStatusReportsTheComponentsState() throws Exception {
    Report started = run(ServiceAction.START, STOP, STATUS, null);
    assertThat(started.status()).isEqualTo(ReportStatus.COMPLETED);
    assertThat(started.stdout()).contains("== start demo/daemon", "status demo/daemon: 0, running");
    assertThat(started.structuredOut()).contains("\"componentState\":\"STARTED\"");
    long pid = daemonPid();
    assertThat(alive(pid)).as("the daemon outlives its start script").isTrue();

    Report status = run(ServiceAction.STATUS, STOP, STATUS, null);
    assertThat(status.status()).isEqualTo(ReportStatus.COMPLETED);
    assertThat(status.structuredOut()).contains("STARTED");

    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    while (alive(pid)) {
      Thread.sleep(20);
    }
    Report after = run(ServiceAction.STATUS, STOP, STATUS, null);
    assertThat(after.status()).isEqualTo(ReportStatus.COMPLETED);
    assertThat(after.exitCode()).isEqualTo(3);
    assertThat(after.structuredOut()).contains("INSTALLED");
  }

  @Test
  void aRestartWaitsUntilStatusSaysStoppedBeforeItStarts() throws Exception {
    assertThat(run(ServiceAction.START, SLOW_STOP, STATUS, null).status())
        .isEqualTo(ReportStatus.COMPLETED);
    long first = daemonPid();

    Report restarted = run(ServiceAction.RESTART, SLOW_STOP, STATUS, null);
    assertThat(restarted.status()).isEqualTo(ReportStatus.COMPLETED);
    assertThat(restarted.stdout())
        .containsSubsequence(
            "== stop demo/daemon",
            "status demo/daemon: 3, not running",
            "== start demo/daemon",
            "status demo/daemon: 0, running");
    assertThat(alive(first)).isFalse();
    assertThat(alive(daemonPid())).isTrue();
    assertThat(daemonPid()).isNotEqualTo(first);
  }

  @Test
  void aStatusThatExitsOneAfterStopFailsTheRestartNamingTheCode() throws Exception {
    assertThat(run(ServiceAction.START, STOP, BROKEN_STATUS, null).status())
        .isEqualTo(ReportStatus.COMPLETED);

    Report restart = run(ServiceAction.RESTART, STOP, BROKEN_STATUS, null);
    assertThat(restart.status()).isEqualTo(ReportStatus.FAILED);
    assertThat(restart.exitCode()).isEqualTo(1);
    assertThat(restart.stderr())
        .contains("status of demo/daemon exited 1 after stop")
        .contains("cannot read the pid file");
    assertThat(restart.stdout()).contains("== stop").doesNotContain("== start");
    assertThat(restart.structuredOut()).contains("UNKNOWN");
  }

  @Test
  void startWaitsForReadinessAndTimesOutWhenItNeverComes() throws Exception {
    try (ServerSocket port = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Report ready =
          run(ServiceAction.START, STOP, STATUS, new Readiness(null, port.getLocalPort(), null, 5));
      assertThat(ready.status()).isEqualTo(ReportStatus.COMPLETED);
      assertThat(ready.stdout()).contains("ready demo/daemon: port " + port.getLocalPort());
    }
    run(ServiceAction.STOP, STOP, STATUS, null);

    Report never =
        run(ServiceAction.START, STOP, STATUS, new Readiness("test -f never-there", null, null, 1));
    assertThat(never.status()).isEqualTo(ReportStatus.TIMEDOUT);
    assertThat(never.stderr()).contains("runs but was not ready (command exits 0) within 1 s");
  }

  @Test
  void theStatusCheckerReportsEachComponentsStateEveryRound() throws Exception {
    assertThat(run(ServiceAction.START, STOP, STATUS, null).status())
        .isEqualTo(ReportStatus.COMPLETED);
    List<io.almanac.ops.protocol.ComponentStates> rounds = new CopyOnWriteArrayList<>();
    try (StatusChecker checker = runner.statusChecker(ids::incrementAndGet, rounds::add)) {
      checker.replace(
          new io.almanac.ops.protocol.StatusChecks(
              1,
              1,
              List.of(
                  new io.almanac.ops.protocol.StatusChecks.StatusCheck("demo", "daemon", STATUS),
                  new io.almanac.ops.protocol.StatusChecks.StatusCheck("demo", "broken", "exit 7"),
                  new io.almanac.ops.protocol.StatusChecks.StatusCheck("demo", "gone", "exit 3"),
                  new io.almanac.ops.protocol.StatusChecks.StatusCheck("../x", "y", "true"))));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (rounds.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(rounds).isNotEmpty();
      assertThat(rounds.get(0).states())
          .extracting(io.almanac.ops.protocol.ComponentStates.ComponentState::state)
          .containsExactly("STARTED", "UNKNOWN", "INSTALLED", "UNKNOWN");

      ProcessHandle.of(daemonPid()).ifPresent(ProcessHandle::destroyForcibly);
      int seen = rounds.size();
      while (rounds.size() < seen + 2 && System.nanoTime() < deadline + 5_000_000_000L) {
        Thread.sleep(50);
      }
      assertThat(rounds.get(rounds.size() - 1).states().get(0).state())
          .as("the next rounds see the daemon gone")
          .isEqualTo("INSTALLED");
    }
  }
}
