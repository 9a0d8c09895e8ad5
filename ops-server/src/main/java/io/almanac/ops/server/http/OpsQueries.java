package io.almanac.ops.server.http;

import io.almanac.ops.server.model.Host;
import io.almanac.ops.server.model.Request;
import io.almanac.ops.server.model.Stage;
import io.almanac.ops.server.model.StageStatus;
import io.almanac.ops.server.model.StatusRules;
import io.almanac.ops.server.model.Task;
import io.almanac.ops.server.model.TaskOutput;
import io.almanac.ops.server.model.TaskStatus;
import io.almanac.ops.server.store.HostStore;
import io.almanac.ops.server.store.OpsDatabase;
import io.almanac.ops.server.store.OutputStore;
import io.almanac.ops.server.store.RequestStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Read-only views for the REST API, straight from committed database state. Statuses and progress
 * come from {@link StatusRules}, like the scheduler's.
 */
final class OpsQueries {

  private final OpsDatabase db;
  private final java.util.function.Predicate<String> connected;
  private final RequestStore requests = new RequestStore();
  private final HostStore hosts = new HostStore();
  private final OutputStore outputs = new OutputStore();

  OpsQueries(OpsDatabase db, java.util.function.Predicate<String> connected) {
    this.db = db;
    this.connected = connected;
  }

  List<Views.RequestSummary> recent(int limit) throws SQLException {
    return db.read(
        c -> {
          List<Views.RequestSummary> list = new ArrayList<>();
          for (Request request : requests.recentRequests(c, limit)) {
            list.add(summary(request, requests.tasks(c, request.requestId())));
          }
          return list;
        });
  }

  Optional<Views.RequestDetail> detail(long requestId) throws SQLException {
    return db.read(
        c -> {
          Optional<Request> request = requests.request(c, requestId);
          if (request.isEmpty()) {
            return Optional.empty();
          }
          return Optional.of(detail(c, request.get()));
        });
  }

  private Views.RequestDetail detail(Connection c, Request request) throws SQLException {
    List<Task> tasks = requests.tasks(c, request.requestId());
    List<Views.StageView> stages = new ArrayList<>();
    for (Stage stage : requests.stages(c, request.requestId())) {
      List<Views.TaskView> taskViews = new ArrayList<>();
      List<Task> stageTasks = new ArrayList<>();
      for (Task task : tasks) {
        if (task.stageId() != stage.stageId()) {
          continue;
        }
        stageTasks.add(task);
        taskViews.add(view(task));
      }
      StageStatus status = StatusRules.stageStatus(stage, stageTasks);
      stages.add(
          new Views.StageView(
              stage.stageId(),
              stage.name(),
              status.name(),
              stage.successFraction(),
              stage.skippable(),
              stage.parallelPerHost() > 0 ? stage.parallelPerHost() : null,
              taskViews));
    }
    return new Views.RequestDetail(summary(request, tasks), stages);
  }

  static Views.TaskOutputView view(TaskOutput output) {
    return new Views.TaskOutputView(
        output.taskId(),
        output.attempt(),
        output.stdout(),
        output.stderr(),
        output.structuredOut(),
        output.truncated());
  }

  static Views.TaskView view(Task task) {
    return new Views.TaskView(
        task.taskId(),
        task.commandId(),
        task.host(),
        task.role(),
        task.command(),
        task.status().name(),
        task.attempt(),
        task.exitCode(),
        task.detail(),
        task.startTime(),
        task.endTime(),
        task.stdoutTail(),
        task.stderrTail());
  }

  private static Views.RequestSummary summary(Request request, List<Task> tasks) {
    List<TaskStatus> statuses = tasks.stream().map(Task::status).toList();
    return new Views.RequestSummary(
        request.requestId(),
        request.name(),
        request.status().name(),
        StatusRules.progressPercent(statuses),
        request.createTime(),
        request.startTime(),
        request.endTime(),
        tasks.size(),
        count(statuses, TaskStatus.COMPLETED),
        count(statuses, TaskStatus.FAILED) + count(statuses, TaskStatus.SKIPPED_FAILED),
        count(statuses, TaskStatus.ABORTED),
        count(statuses, TaskStatus.TIMEDOUT),
        count(statuses, TaskStatus.HOLDING_FAILED) + count(statuses, TaskStatus.HOLDING_TIMEDOUT),
        request.abortReason(),
        request.holdOnFailure());
  }

  private static int count(List<TaskStatus> statuses, TaskStatus wanted) {
    return (int) statuses.stream().filter(s -> s == wanted).count();
  }

  /** The task, if it belongs to the request. */
  Optional<Task> task(long requestId, long taskId) throws SQLException {
    return db.read(c -> requests.task(c, taskId)).filter(t -> t.requestId() == requestId);
  }

  Optional<TaskOutput> output(long taskId) throws SQLException {
    return db.read(c -> outputs.get(c, taskId));
  }

  List<Views.HostView> hosts() throws SQLException {
    List<Views.HostView> views = new ArrayList<>();
    for (Host host : db.read(hosts::all)) {
      views.add(
          new Views.HostView(
              host.hostname(),
              host.os(),
              host.cores(),
              host.memoryBytes(),
              host.agentVersion(),
              host.state().name(),
              connected.test(host.hostname()),
              host.registeredAt(),
              host.lastHeartbeat()));
    }
    return views;
  }
}
