package io.almanac.ops.server.engine;

import io.almanac.ops.protocol.Report;
import io.almanac.ops.protocol.ReportStatus;
import io.almanac.ops.protocol.ServiceStep;
import io.almanac.ops.server.model.Task;
import io.almanac.ops.server.model.TaskOutcome;
import io.almanac.ops.server.model.TaskOutput;
import io.almanac.ops.server.model.TaskStatus;
import io.almanac.ops.server.store.OutboxStore;
import io.almanac.ops.server.store.OutputStore;
import io.almanac.ops.server.store.RequestStore;
import io.almanac.ops.server.store.ServiceStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies an agent's report to its task. Idempotent: the agent resends a final report until it is
 * acknowledged, so the same report may arrive several times.
 *
 * <ul>
 *   <li>A report for another attempt than the task's current one is ignored.
 *   <li>A terminal or holding task keeps its status; a late final report only stores its output (so
 *       the output of a cancelled process is not lost), unless that attempt's output is stored
 *       already (the same report again).
 * </ul>
 */
final class ReportHandler {

  private static final Logger LOG = LoggerFactory.getLogger(ReportHandler.class);

  private final RequestStore requests;
  private final OutboxStore outbox;
  private final OutputStore outputs;
  private final ServiceStore services;

  ReportHandler(
      RequestStore requests, OutboxStore outbox, OutputStore outputs, ServiceStore services) {
    this.requests = requests;
    this.outbox = outbox;
    this.outputs = outputs;
    this.services = services;
  }

  /** Applies the report; returns the request whose task changed status, or empty. */
  OptionalLong apply(Connection c, String host, Report report, long now) throws SQLException {
    Task task = requests.task(c, report.taskId()).orElse(null);
    if (task == null || !task.host().equals(host)) {
      LOG.warn(
          "Ignoring a report from {} for task {} that is not one of its tasks",
          host,
          report.taskId());
      return OptionalLong.empty();
    }
    if (report.attempt() != task.attempt()) {
      LOG.info(
          "Ignoring a report for attempt {} of task {}: attempt {} is current",
          report.attempt(),
          task.taskId(),
          task.attempt());
      return OptionalLong.empty();
    }
    boolean settled = task.status().isTerminal() || task.status().isHolding();
    if (report.isFinal() && settled && outputs.has(c, task.taskId(), report.attempt())) {
      return OptionalLong.empty(); // a repeat of a report already applied: one read, no writes
    }
    if (report.isFinal()) {
      outbox.ackAttempt(c, task.taskId(), report.attempt(), now);
      outputs.put(
          c,
          new TaskOutput(
              task.taskId(),
              report.attempt(),
              nullToEmpty(report.stdout()),
              nullToEmpty(report.stderr()),
              report.structuredOut(),
              report.outputTruncated(),
              now));
      ServiceStep step = task.service();
      String state = step == null ? null : ServiceStore.componentState(report.structuredOut());
      if (state != null) {
        // what the component's status said at the end of the task: its live state
        services.putState(
            c, new ServiceStore.ComponentState(step.service(), step.component(), host, state, now));
      }
      if (step != null && report.status() == ReportStatus.COMPLETED) {
        // what it should be from now on (auto-recovery restarts only what should run)
        switch (step.action()) {
          case START, RESTART ->
              services.setGoal(c, step.service(), step.component(), host, "STARTED");
          case STOP -> services.setGoal(c, step.service(), step.component(), host, "INSTALLED");
          default -> {}
        }
      }
    }
    if (settled) {
      return OptionalLong.empty();
    }
    if (!report.isFinal()) {
      requests.markRunning(c, task.taskId(), report.stdout(), report.stderr());
      return task.status() != TaskStatus.IN_PROGRESS
          ? OptionalLong.of(task.requestId())
          : OptionalLong.empty();
    }
    TaskStatus status =
        switch (report.status()) {
          case COMPLETED -> TaskStatus.COMPLETED;
          case FAILED -> TaskStatus.FAILED;
          case TIMEDOUT -> TaskStatus.TIMEDOUT;
          case ABORTED -> TaskStatus.ABORTED;
          case IN_PROGRESS -> throw new IllegalStateException("not final");
        };
    String detail =
        report.status() == ReportStatus.TIMEDOUT
            ? "killed by the agent after " + task.timeoutSeconds() + " s"
            : null;
    if (task.status() == TaskStatus.LOST) {
      String back =
          "the agent's report arrived after host "
              + host
              + " came back (lost at "
              + java.time.Instant.ofEpochMilli(task.lostTime())
              + ")";
      detail = detail == null ? back : detail + "; " + back;
    }
    TaskOutcome outcome =
        new TaskOutcome(
            status,
            report.exitCode(),
            detail,
            nullToEmpty(report.stdout()),
            nullToEmpty(report.stderr()));
    requests.finish(c, task.taskId(), outcome, now);
    return OptionalLong.of(task.requestId());
  }

  private static String nullToEmpty(String text) {
    return text == null ? "" : text;
  }
}
