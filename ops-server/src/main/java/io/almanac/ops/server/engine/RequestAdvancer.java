package io.almanac.ops.server.engine;

import io.almanac.ops.server.model.HostState;
import io.almanac.ops.server.model.Request;
import io.almanac.ops.server.model.Stage;
import io.almanac.ops.server.model.StageStatus;
import io.almanac.ops.server.model.StatusRules;
import io.almanac.ops.server.model.Task;
import io.almanac.ops.server.model.TaskOutcome;
import io.almanac.ops.server.model.TaskStatus;
import io.almanac.ops.server.store.RequestStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Moves one request forward: finds its current stage, dispatches what may run, fails the request
 * when a stage can no longer meet its success criteria (or, in a request that holds on failure,
 * puts the failed tasks on hold), and stores stage and request status.
 */
final class RequestAdvancer {

  private final RequestStore requests;
  private final TaskBoard board;
  private final Dispatcher dispatcher;
  private final int perHostConcurrency;

  RequestAdvancer(
      RequestStore requests, TaskBoard board, Dispatcher dispatcher, int perHostConcurrency) {
    this.requests = requests;
    this.board = board;
    this.dispatcher = dispatcher;
    this.perHostConcurrency = perHostConcurrency;
  }

  /**
   * Takes the request's tasks from the {@link TaskBoard} (read from the database only the first
   * time). The board is told of every change {@code requests} makes, so its list shows what this
   * pass has changed as it goes.
   *
   * @param busy tasks running per host right now; updated as tasks are dispatched
   * @param hostStates the state of a registered host, by name
   */
  void advance(
      Connection c,
      long requestId,
      Map<String, Integer> busy,
      Function<String, HostState> hostStates,
      Outgoing out,
      long now)
      throws SQLException {
    Request request = requests.request(c, requestId).orElse(null);
    if (request == null || !StageStatus.isLive(request.status())) {
      board.forget(requestId);
      return;
    }
    List<Task> tasks = board.tasks(c, requests, requestId);
    if (request.abortRequested()) {
      abortUnfinished(c, tasks, "request aborted: " + request.abortReason(), busy, out, now);
    }
    List<Stage> stages = requests.stages(c, requestId);
    for (Stage stage : stages) {
      List<Task> stageTasks = tasksOf(tasks, stage.stageId());
      StageStatus status = StatusRules.stageStatus(stage, stageTasks);
      if (request.holdOnFailure()
          && (status == StageStatus.FAILED || status == StageStatus.TIMEDOUT)) {
        holdFailures(c, stageTasks);
        stageTasks = tasksOf(tasks, stage.stageId());
        status = StatusRules.stageStatus(stage, stageTasks);
      }
      if (status == StageStatus.FAILED
          || status == StageStatus.TIMEDOUT
          || status == StageStatus.ABORTED) {
        String reason =
            "stage " + stage.stageId() + " (" + stage.name() + ") " + status.name().toLowerCase();
        abortUnfinished(c, tasks, reason, busy, out, now);
        break;
      }
      if (status != StageStatus.COMPLETED) {
        int limit = stage.parallelPerHost() > 0 ? stage.parallelPerHost() : perHostConcurrency;
        dispatchReady(c, stageTasks, limit, busy, hostStates, out, now);
        break;
      }
    }
    storeStatuses(c, request, stages, tasks, now);
  }

  /**
   * The stage's failed tasks hold instead of ending the request: the operator retries or skips
   * them. Tasks still running in the stage go on; no later stage starts meanwhile.
   */
  private void holdFailures(Connection c, List<Task> stageTasks) throws SQLException {
    for (Task onBoard : stageTasks) {
      if (onBoard.status() == TaskStatus.FAILED || onBoard.status() == TaskStatus.TIMEDOUT) {
        // the board keeps statuses current, not exit codes and details: read the row
        Task task = requests.task(c, onBoard.taskId()).orElseThrow();
        String why =
            task.detail() != null
                ? task.detail()
                : task.exitCode() != null
                    ? "failed with exit code " + task.exitCode()
                    : task.status().name().toLowerCase();
        requests.hold(
            c,
            task.taskId(),
            task.status(),
            "holding (retry or skip): attempt " + task.attempt() + " " + why);
      }
    }
  }

  private void dispatchReady(
      Connection c,
      List<Task> stageTasks,
      int perHostLimit,
      Map<String, Integer> busy,
      Function<String, HostState> hostStates,
      Outgoing out,
      long now)
      throws SQLException {
    for (Task task : stageTasks) {
      if (task.status() != TaskStatus.PENDING) {
        continue;
      }
      if (hostStates.apply(task.host()) == HostState.HEARTBEAT_LOST) {
        requests.finish(
            c,
            task.taskId(),
            TaskOutcome.verdict(TaskStatus.FAILED, "host " + task.host() + " is HEARTBEAT_LOST"),
            now);
        out.passAgain();
        continue;
      }
      int running = busy.getOrDefault(task.host(), 0);
      if (running >= perHostLimit) {
        continue;
      }
      busy.put(task.host(), running + 1);
      out.add(dispatcher.dispatch(c, task, now));
    }
  }

  /**
   * Every unfinished task becomes ABORTED; running ones are also cancelled on their agents. The
   * tasks must be current: the board's list, or read in this transaction after any change to them.
   */
  void abortUnfinished(
      Connection c,
      List<Task> tasks,
      String reason,
      Map<String, Integer> busy,
      Outgoing out,
      long now)
      throws SQLException {
    for (Task task : tasks) {
      if (task.status().isTerminal()) {
        continue;
      }
      if (task.status().isActive()) {
        out.add(dispatcher.cancel(c, task, task.attempt(), reason, now));
        busy.computeIfPresent(task.host(), (h, n) -> Math.max(0, n - 1));
      }
      requests.finish(c, task.taskId(), TaskOutcome.verdict(TaskStatus.ABORTED, reason), now);
    }
  }

  private void storeStatuses(
      Connection c, Request request, List<Stage> stages, List<Task> tasks, long now)
      throws SQLException {
    List<StageStatus> statuses = new ArrayList<>();
    for (Stage stage : stages) {
      StageStatus status = StatusRules.stageStatus(stage, tasksOf(tasks, stage.stageId()));
      statuses.add(status);
      if (status != stage.status()) {
        requests.setStageStatus(c, request.requestId(), stage.stageId(), status);
      }
    }
    StageStatus requestStatus = StatusRules.requestStatus(statuses, request.abortRequested());
    if (requestStatus != request.status()
        || request.startTime() < 0 && requestStatus != StageStatus.PENDING) {
      requests.setRequestStatus(c, request.requestId(), requestStatus, now);
    }
    if (requestStatus.isTerminal()) {
      board.forget(request.requestId());
    }
  }

  static List<Task> tasksOf(List<Task> tasks, int stageId) {
    List<Task> stageTasks = new ArrayList<>();
    for (Task task : tasks) {
      if (task.stageId() == stageId) {
        stageTasks.add(task);
      }
    }
    return stageTasks;
  }
}
