package io.almanac.ops.server.model;

import io.almanac.ops.protocol.ServiceStep;
import io.almanac.ops.protocol.TaskInputs;

/**
 * A stored task.
 *
 * @param attempt how many times it was dispatched (0 while PENDING)
 * @param lastAttemptTime when the current attempt was dispatched; its timeout counts from here
 * @param detail why the server set the status, when it was not the agent's report (for example
 *     "host heartbeat lost")
 * @param lostTime when its host was found lost while it ran; 0 if that never happened
 * @param service null for a plain command, else the service step the agent runs
 * @param inputs null, or the files and environment the task brings
 */
public record Task(
    long taskId,
    long requestId,
    int stageId,
    String host,
    String role,
    String command,
    int timeoutSeconds,
    TaskStatus status,
    int attempt,
    long lastAttemptTime,
    long startTime,
    long endTime,
    Integer exitCode,
    String detail,
    String stdoutTail,
    String stderrTail,
    long lostTime,
    ServiceStep service,
    TaskInputs inputs) {

  /** A task of a plain command. */
  public Task(
      long taskId,
      long requestId,
      int stageId,
      String host,
      String role,
      String command,
      int timeoutSeconds,
      TaskStatus status,
      int attempt,
      long lastAttemptTime,
      long startTime,
      long endTime,
      Integer exitCode,
      String detail,
      String stdoutTail,
      String stderrTail,
      long lostTime) {
    this(
        taskId,
        requestId,
        stageId,
        host,
        role,
        command,
        timeoutSeconds,
        status,
        attempt,
        lastAttemptTime,
        startTime,
        endTime,
        exitCode,
        detail,
        stdoutTail,
        stderrTail,
        lostTime,
        null,
        null);
  }

  /** This task with another status. */
  public Task withStatus(TaskStatus newStatus) {
    return with(newStatus, attempt);
  }

  /** This task QUEUED for attempt {@code newAttempt}. */
  public Task dispatched(int newAttempt) {
    return with(TaskStatus.QUEUED, newAttempt);
  }

  private Task with(TaskStatus newStatus, int newAttempt) {
    return new Task(
        taskId,
        requestId,
        stageId,
        host,
        role,
        command,
        timeoutSeconds,
        newStatus,
        newAttempt,
        lastAttemptTime,
        startTime,
        endTime,
        exitCode,
        detail,
        stdoutTail,
        stderrTail,
        lostTime,
        service,
        inputs);
  }

  /** Ambari's command id: "requestId-stageId". */
  public String commandId() {
    return requestId + "-" + stageId;
  }
}
