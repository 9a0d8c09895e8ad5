package io.almanac.ops.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.almanac.ops.protocol.Cancel;
import io.almanac.ops.protocol.Command;
import io.almanac.ops.protocol.ComponentStates;
import io.almanac.ops.protocol.Messages;
import io.almanac.ops.protocol.Report;
import io.almanac.ops.protocol.ReportStatus;
import io.almanac.ops.protocol.TaskInputs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs commands: each in its own session and process group, with its output in files, its timeout
 * enforced by killing the whole tree, and a final report journaled before it is sent. Owns the
 * "agent-task-N" threads, one per running command.
 */
final class TaskRunner implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TaskRunner.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** How often a service task asks its component's status while it waits for a state. */
  private static final Duration STATUS_POLL_INTERVAL = Duration.ofMillis(500);

  /** Whether a command was new or one the agent already has. */
  enum Acceptance {
    NEW,
    DUPLICATE
  }

  private final AgentSettings settings;
  private final Journal journal;
  private final LongSupplier reportIds;
  private final Consumer<Report> sender;
  private final ExecutorService threads;
  private final Map<Long, Running> running = new ConcurrentHashMap<>();
  private final ShellProcess shell;
  private final ServiceStepRunner services;
  private final FileCache fileCache;

  /** A task this agent accepted and has not finished. */
  private static final class Running {
    final int attempt;
    volatile String cancelReason;

    Running(int attempt) {
      this.attempt = attempt;
    }
  }

  TaskRunner(
      AgentSettings settings, Journal journal, LongSupplier reportIds, Consumer<Report> sender) {
    this.settings = settings;
    this.journal = journal;
    this.reportIds = reportIds;
    this.sender = sender;
    this.shell =
        new ShellProcess(settings.dataDir(), settings.killGrace(), settings.progressInterval());
    this.services =
        new ServiceStepRunner(shell, settings.dataDir(), settings.hostname(), STATUS_POLL_INTERVAL);
    this.fileCache = new FileCache(settings.dataDir());
    AtomicInteger count = new AtomicInteger();
    this.threads =
        Executors.newFixedThreadPool(
            settings.maxParallel(),
            r -> {
              Thread t = new Thread(r, "agent-task-" + count.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * After an agent restart: a command recorded as running has lost its supervisor. It is stopped
   * (its process group killed, if still alive) and reported FAILED, so the server does not wait for
   * its timeout. Returns how many were found.
   */
  int recoverAfterRestart() throws IOException {
    int found = 0;
    try (Stream<Path> files = Files.list(settings.dataDir())) {
      for (Path file :
          files
              .filter(
                  f ->
                      f.getFileName().toString().startsWith("state-")
                          && f.toString().endsWith(".json"))
              .toList()) {
        TaskState state = JSON.readValue(file.toFile(), TaskState.class);
        if (state.phase() == TaskState.Phase.DONE) {
          continue;
        }
        found++;
        if (state.pid() > 0) {
          ProcessHandle.of(state.pid()).ifPresent(p -> ProcessTree.kill(p, settings.killGrace()));
          ProcessTree.signalGroup(state.pid(), "KILL");
        }
        TaskFiles orphan = new TaskFiles(settings.dataDir(), state.taskId());
        appendNote(
            orphan.errors(),
            "\nThe agent restarted while this command was accepted or running; it was stopped.\n");
        finish(state.taskId(), state.attempt(), ReportStatus.FAILED, null, orphan);
        LOG.warn(
            "Task {} attempt {} was running when the agent stopped; reported FAILED",
            state.taskId(),
            state.attempt());
      }
    }
    return found;
  }

  /** Takes a command: on disk first, then queued. A command already known is not run again. */
  Acceptance accept(Command command) throws IOException {
    TaskFiles files = new TaskFiles(settings.dataDir(), command.taskId());
    TaskState known = readState(files);
    if (known != null && known.attempt() >= command.attempt()) {
      return Acceptance.DUPLICATE;
    }
    files.writeCommand(Messages.toJson(command));
    writeState(
        files, new TaskState(command.taskId(), command.attempt(), TaskState.Phase.ACCEPTED, -1));
    Running entry = new Running(command.attempt());
    running.put(command.taskId(), entry);
    threads.execute(() -> run(command, files, entry));
    return Acceptance.NEW;
  }

  /** Stops an attempt if it is queued or running here; anything else is already over. */
  void cancel(Cancel cancel) {
    Running entry = running.get(cancel.taskId());
    if (entry != null && entry.attempt == cancel.attempt()) {
      entry.cancelReason = cancel.reason() == null ? "cancelled" : cancel.reason();
      LOG.info(
          "Cancelling task {} attempt {}: {}",
          cancel.taskId(),
          cancel.attempt(),
          entry.cancelReason);
    }
  }

  /** A checker of component states that runs scripts as this runner does. */
  StatusChecker statusChecker(LongSupplier ids, Consumer<ComponentStates> sender) {
    return new StatusChecker(shell, services, ids, sender);
  }

  /** Tasks accepted and not finished. */
  int active() {
    return running.size();
  }

  private void run(Command command, TaskFiles files, Running entry) {
    try {
      if (entry.cancelReason != null) {
        Files.writeString(
            files.errors(),
            "Command aborted before it started. Reason: '" + entry.cancelReason + "'\n");
        finish(command.taskId(), command.attempt(), ReportStatus.ABORTED, null, files);
        return;
      }
      execute(command, files, entry);
    } catch (IOException | RuntimeException e) {
      LOG.error("Task {} could not be run", command.taskId(), e);
      try {
        appendNote(files.errors(), "\nThe agent could not run the command: " + e + "\n");
        finish(command.taskId(), command.attempt(), ReportStatus.FAILED, null, files);
      } catch (IOException again) {
        LOG.error("Task {}: the failure could not be journaled either", command.taskId(), again);
      }
    } finally {
      running.remove(command.taskId(), entry);
    }
  }

  private void execute(Command command, TaskFiles files, Running entry) throws IOException {
    Files.deleteIfExists(files.structuredOut());
    Files.write(files.output(), new byte[0]);
    Files.write(files.errors(), new byte[0]);
    Map<String, String> env = new HashMap<>();
    ShellProcess runner = shell;
    TaskInputs inputs = command.inputs();
    if (inputs != null) {
      inputs.env().forEach(env::put); // the ALMANAC_ variables below win
      if (!inputs.files().isEmpty()) {
        Path work = settings.dataDir().resolve("work-" + command.taskId());
        fileCache.materialize(inputs.files(), work);
        runner = shell.in(work);
      }
    }
    env.put("ALMANAC_TASK_ID", Long.toString(command.taskId()));
    env.put("ALMANAC_ATTEMPT", Integer.toString(command.attempt()));
    env.put("ALMANAC_REQUEST_ID", Long.toString(command.requestId()));
    env.put("ALMANAC_ROLE", command.role());
    env.put("ALMANAC_STRUCTURED_OUT", files.structuredOut().toString());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(command.timeoutSeconds());
    ShellProcess.Watch watch =
        new ShellProcess.Watch() {
          @Override
          public boolean cancelled() {
            return entry.cancelReason != null || Thread.currentThread().isInterrupted();
          }

          @Override
          public void started(long pid) throws IOException {
            writeState(
                files,
                new TaskState(command.taskId(), command.attempt(), TaskState.Phase.RUNNING, pid));
            LOG.info(
                "Task {} attempt {} started as pid {}: {}",
                command.taskId(),
                command.attempt(),
                pid,
                command.role());
          }

          @Override
          public void tick() throws IOException {
            progress(command, files);
          }
        };
    progress(command, files);
    ReportStatus status;
    Integer exit;
    if (command.service() == null) {
      ShellProcess.Outcome o =
          runner.run(
              command.command(), env, files.output(), files.errors(), deadline, false, watch);
      exit = o.exit();
      status =
          switch (o.end()) {
            case CANCELLED -> ReportStatus.ABORTED;
            case TIMED_OUT -> ReportStatus.TIMEDOUT;
            case EXITED -> o.exit() == 0 ? ReportStatus.COMPLETED : ReportStatus.FAILED;
          };
    } else {
      ServiceStepRunner.Result r = services.run(command.service(), env, files, deadline, watch);
      status = r.status();
      exit = r.exit();
      if (r.note() != null) {
        appendNote(files.errors(), "\n" + r.note() + "\n");
      }
      if (r.state() != null) {
        Files.writeString(
            files.structuredOut(), JSON.writeValueAsString(Map.of("componentState", r.state())));
      }
    }
    if (status == ReportStatus.ABORTED) {
      if (entry.cancelReason == null) {
        entry.cancelReason = "agent shutting down";
      }
      appendNote(files.errors(), "\nCommand aborted. Reason: '" + entry.cancelReason + "'\n");
    } else if (status == ReportStatus.TIMEDOUT && command.service() == null) {
      appendNote(
          files.errors(),
          "\nCommand killed after its timeout of " + command.timeoutSeconds() + " s\n");
    }
    LOG.info(
        "Task {} attempt {} finished: {} (exit {})",
        command.taskId(),
        command.attempt(),
        status,
        exit);
    finish(command.taskId(), command.attempt(), status, exit, files);
  }

  private void progress(Command command, TaskFiles files) throws IOException {
    sender.accept(
        new Report(
            reportIds.getAsLong(),
            command.taskId(),
            command.attempt(),
            ReportStatus.IN_PROGRESS,
            null,
            TaskFiles.tail(files.output(), TaskFiles.TAIL_BYTES),
            TaskFiles.tail(files.errors(), TaskFiles.TAIL_BYTES),
            null,
            false));
  }

  /** Journals the final report, records the attempt as done, and sends the report. */
  private void finish(long taskId, int attempt, ReportStatus status, Integer exit, TaskFiles files)
      throws IOException {
    TaskFiles.Capped out = TaskFiles.forReport(files.output());
    TaskFiles.Capped err = TaskFiles.forReport(files.errors());
    String structured = null;
    if (Files.exists(files.structuredOut())) {
      TaskFiles.Capped capped = TaskFiles.forReport(files.structuredOut());
      structured = capped.truncated() ? null : capped.text();
    }
    Report report =
        new Report(
            reportIds.getAsLong(),
            taskId,
            attempt,
            status,
            exit,
            out.text(),
            err.text(),
            structured,
            out.truncated() || err.truncated());
    journal.put(report);
    writeState(files, new TaskState(taskId, attempt, TaskState.Phase.DONE, -1));
    sender.accept(report);
  }

  private static void appendNote(Path file, String note) throws IOException {
    Files.writeString(
        file, note, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private static TaskState readState(TaskFiles files) throws IOException {
    if (!Files.exists(files.state())) {
      return null;
    }
    return JSON.readValue(files.state().toFile(), TaskState.class);
  }

  private static void writeState(TaskFiles files, TaskState state) throws IOException {
    AtomicFiles.replace(files.state(), JSON.writeValueAsBytes(state), false);
  }

  @Override
  public void close() {
    threads.shutdownNow();
    try {
      threads.awaitTermination(settings.killGrace().toMillis() + 5_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
