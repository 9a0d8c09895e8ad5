package io.almanac.ops.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.ops.protocol.Cancel;
import io.almanac.ops.protocol.Command;
import io.almanac.ops.protocol.Report;
import io.almanac.ops.protocol.ReportStatus;
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

/** The runner with real processes in a temporary data dir; no server involved. */
class TaskRunnerTest {

  @TempDir Path dir;
  private final List<Report> sent = new CopyOnWriteArrayList<>();
  private final AtomicLong ids = new AtomicLong();
  private Journal journal;
  private TaskRunner runner;

  @BeforeEach
  void open() throws Exception {
    runner = newRunner();
  }

  private TaskRunner newRunner() throws Exception {
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
    journal = new Journal(dir);
    return new TaskRunner(settings, journal, ids::incrementAndGet, sent::add);
  }

  @AfterEach
  void close() {
    runner.close();
  }

  private static Command command(long task, int attempt, String shell, int timeoutSeconds) {
    return new Command(100 + task, task, attempt, 7, 1, "7-1", "SHELL", shell, timeoutSeconds);
  }

  private Report awaitFinal(long task) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
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
  void aCommandRunsWithItsFilesAndItsFinalReportIsJournaled() throws Exception {
    assertThat(
            runner.accept(
                command(
                    1,
                    1,
                    "echo out; echo err >&2; echo '{\"k\":1}' > \"$ALMANAC_STRUCTURED_OUT\"; exit 4",
                    30)))
        .isEqualTo(TaskRunner.Acceptance.NEW);
    Report report = awaitFinal(1);
    assertThat(report.status()).isEqualTo(ReportStatus.FAILED);
    assertThat(report.exitCode()).isEqualTo(4);
    assertThat(report.stdout()).isEqualTo("out\n");
    assertThat(report.stderr()).isEqualTo("err\n");
    assertThat(report.structuredOut()).contains("\"k\":1");
    assertThat(sent.get(0).status())
        .as("a progress report comes first")
        .isEqualTo(ReportStatus.IN_PROGRESS);
    assertThat(journal.pending()).containsExactly(report);
    journal.remove(report.id());
    assertThat(journal.pending()).isEmpty();
    assertThat(dir.resolve("command-1.json")).exists();
    assertThat(Files.readString(dir.resolve("output-1.txt"))).isEqualTo("out\n");
  }

  @Test
  void theSameAttemptIsNotRunTwiceButANewAttemptIs() throws Exception {
    Path runs = dir.resolve("runs");
    Command first = command(2, 1, "echo x >> " + runs, 30);
    runner.accept(first);
    awaitFinal(2);
    assertThat(runner.accept(first)).isEqualTo(TaskRunner.Acceptance.DUPLICATE);
    assertThat(runner.accept(command(2, 1, "echo x >> " + runs, 30)))
        .isEqualTo(TaskRunner.Acceptance.DUPLICATE);
    sent.clear();
    assertThat(runner.accept(command(2, 2, "echo x >> " + runs, 30)))
        .isEqualTo(TaskRunner.Acceptance.NEW);
    assertThat(awaitFinal(2).attempt()).isEqualTo(2);
    assertThat(Files.readAllLines(runs)).hasSize(2);
  }

  @Test
  void cancelKillsTheTreeAndOnlyTheNamedAttemptIsCancelled() throws Exception {
    Path child = dir.resolve("child.pid");
    runner.accept(command(3, 1, "sleep 300 & echo $! > " + child + "; sleep 300", 600));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!Files.exists(child) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    runner.cancel(new Cancel(9, 3, 2, "another attempt"));
    Thread.sleep(300);
    assertThat(sent).noneMatch(Report::isFinal);

    runner.cancel(new Cancel(10, 3, 1, "operator"));
    Report report = awaitFinal(3);
    assertThat(report.status()).isEqualTo(ReportStatus.ABORTED);
    assertThat(report.stderr()).contains("Command aborted. Reason: 'operator'");
    long pid = Long.parseLong(Files.readString(child).strip());
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
  }

  @Test
  void aTimeoutKillsTheCommand() throws Exception {
    runner.accept(command(4, 1, "echo begun; sleep 300", 1));
    Report report = awaitFinal(4);
    assertThat(report.status()).isEqualTo(ReportStatus.TIMEDOUT);
    assertThat(report.stdout()).isEqualTo("begun\n");
    assertThat(report.stderr()).contains("timeout of 1 s");
  }

  @Test
  void longOutputIsCutAtItsStartAndSaysSo() throws Exception {
    runner.accept(
        command(5, 1, "head -c 1200000 /dev/zero | tr '\\\\0' 'a'; echo; echo last-line", 30));
    Report report = awaitFinal(5);
    assertThat(report.outputTruncated()).isTrue();
    assertThat(report.stdout())
        .startsWith("[first ")
        .contains("bytes omitted here")
        .endsWith("last-line\n");
    assertThat(Files.size(dir.resolve("output-5.txt"))).isGreaterThan(1_200_000);
  }

  @Test
  void afterAnAgentRestartACommandThatWasRunningIsStoppedAndReportedFailed() throws Exception {
    // What a killed agent leaves behind: a command still running in its own session, and its state
    // file saying RUNNING with the process's pid.
    Process orphan = new ProcessBuilder("setsid", "sleep", "300").start();
    Files.writeString(
        dir.resolve("state-6.json"),
        "{\"taskId\":6,\"attempt\":1,\"phase\":\"RUNNING\",\"pid\":" + orphan.pid() + "}");
    Files.writeString(dir.resolve("output-6.txt"), "halfway\n");

    assertThat(runner.recoverAfterRestart()).isEqualTo(1);
    assertThat(orphan.waitFor(10, TimeUnit.SECONDS)).as("the orphan is killed").isTrue();
    Report report = awaitFinal(6);
    assertThat(report.status()).isEqualTo(ReportStatus.FAILED);
    assertThat(report.attempt()).isEqualTo(1);
    assertThat(report.stdout()).isEqualTo("halfway\n");
    assertThat(report.stderr()).contains("The agent restarted");
    assertThat(journal.pending()).containsExactly(report);
    assertThat(runner.recoverAfterRestart()).as("reported once").isZero();
  }

  @Test
  void aTaskRunsInItsOwnDirectoryWithTheFilesAndEnvironmentItBrings() throws Exception {
    String script = "#!/bin/sh\necho \"hello $WHO from $(basename \"$(pwd)\")\"\n";
    io.almanac.ops.protocol.TaskInputs inputs =
        new io.almanac.ops.protocol.TaskInputs(
            List.of(
                new io.almanac.ops.protocol.TaskFile(
                    "bin/hello.sh",
                    java.util.Base64.getEncoder().encodeToString(script.getBytes()),
                    "0755"),
                new io.almanac.ops.protocol.TaskFile(
                    "data.txt",
                    java.util.Base64.getEncoder().encodeToString("x\n".getBytes()),
                    null)),
            java.util.Map.of("WHO", "tests", "ALMANAC_TASK_ID", "spoofed"));
    runner.accept(
        new Command(
            108,
            8,
            1,
            7,
            1,
            "7-1",
            "RUN",
            "./bin/hello.sh; cat data.txt; stat -c %a data.txt bin/hello.sh; echo $ALMANAC_TASK_ID",
            30,
            null,
            inputs));
    Report report = awaitFinal(8);
    assertThat(report.status()).as(report.stderr()).isEqualTo(ReportStatus.COMPLETED);
    assertThat(report.stdout()).isEqualTo("hello tests from work-8\nx\n644\n755\n8\n");
    try (var cached = Files.list(dir.resolve("file-cache"))) {
      assertThat(cached.toList()).hasSize(2);
    }

    // the same content again: the cache keeps one copy of each
    runner.accept(new Command(109, 9, 1, 7, 1, "7-1", "RUN", "./bin/hello.sh", 30, null, inputs));
    assertThat(awaitFinal(9).stdout()).isEqualTo("hello tests from work-9\n");
    try (var cached = Files.list(dir.resolve("file-cache"))) {
      assertThat(cached.toList()).hasSize(2);
    }
  }
}
