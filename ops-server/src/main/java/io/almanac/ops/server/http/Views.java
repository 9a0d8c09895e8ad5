package io.almanac.ops.server.http;

import java.util.List;

/** The JSON shapes of the REST API. Times are epoch ms, -1 while not reached. */
final class Views {

  private Views() {}

  record RequestSummary(
      long id,
      String name,
      String status,
      int progressPercent,
      long createTime,
      long startTime,
      long endTime,
      int taskCount,
      int completedTaskCount,
      int failedTaskCount,
      int abortedTaskCount,
      int timedOutTaskCount,
      int holdingTaskCount,
      String abortReason,
      boolean holdOnFailure) {}

  record RequestDetail(RequestSummary request, List<StageView> stages) {}

  record StageView(
      int stageId,
      String name,
      String status,
      double successFraction,
      boolean skippable,
      Integer parallelPerHost,
      List<TaskView> tasks) {}

  record TaskView(
      long taskId,
      String commandId,
      String host,
      String role,
      String command,
      String status,
      int attempt,
      Integer exitCode,
      String detail,
      long startTime,
      long endTime,
      String stdoutTail,
      String stderrTail) {}

  record TaskOutputView(
      long taskId,
      int attempt,
      String stdout,
      String stderr,
      String structuredOut,
      boolean truncated) {}

  record HostView(
      String hostname,
      String os,
      int cores,
      long memoryBytes,
      String agentVersion,
      String state,
      boolean connected,
      long registeredAt,
      long lastHeartbeat) {}

  record Created(long id, String href) {}

  record Error(int status, String error, List<String> problems) {}
}
