package io.almanac.ops.server.store;

import io.almanac.ops.protocol.ServiceStep;
import io.almanac.ops.protocol.TaskInputs;
import io.almanac.ops.server.model.Request;
import io.almanac.ops.server.model.RequestSpec;
import io.almanac.ops.server.model.Stage;
import io.almanac.ops.server.model.StageSpec;
import io.almanac.ops.server.model.StageStatus;
import io.almanac.ops.server.model.Task;
import io.almanac.ops.server.model.TaskOutcome;
import io.almanac.ops.server.model.TaskSpec;
import io.almanac.ops.server.model.TaskStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Requests, their stages and their tasks. Every method runs in the caller's transaction. */
public final class RequestStore {

  /**
   * Told of every change this store makes to a task's status or attempt, once the statement has run
   * (the transaction may still roll back: a listener that keeps state must drop it then).
   */
  public interface TaskChanges {
    void status(long taskId, TaskStatus status);

    void dispatched(long taskId, int attempt);
  }

  private final TaskChanges changes;

  /** A store that tells nobody of its changes. */
  public RequestStore() {
    this(
        new TaskChanges() {
          @Override
          public void status(long taskId, TaskStatus status) {}

          @Override
          public void dispatched(long taskId, int attempt) {}
        });
  }

  /** A store that tells {@code changes} of every task status or attempt it changes. */
  public RequestStore(TaskChanges changes) {
    this.changes = changes;
  }

  /** Longest tail of stdout or stderr kept in the task row. */
  public static final int TAIL_CHARS = 4096;

  private static final String TASK_COLUMNS =
      "task_id, request_id, stage_id, host, role, command, timeout_seconds, status, attempt,"
          + " last_attempt_time, start_time, end_time, exit_code, detail, stdout_tail, stderr_tail, lost_time,"
          + " service_step, task_inputs";

  private static final String REQUEST_COLUMNS =
      "request_id, name, status, create_time, start_time, end_time, abort_reason, hold_on_failure";

  /** Stores a new request with all its stages and tasks PENDING; returns the request id. */
  public long insert(Connection c, RequestSpec spec, long now) throws SQLException {
    return insert(c, spec, now, null);
  }

  /** As {@link #insert(Connection, RequestSpec, long)}, under a client's idempotency key. */
  public long insert(Connection c, RequestSpec spec, long now, String idempotencyKey)
      throws SQLException {
    long requestId;
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO ops_request (name, status, create_time, start_time, end_time,"
                + " idempotency_key, hold_on_failure) VALUES (?, ?, ?, -1, -1, ?, ?)",
            Statement.RETURN_GENERATED_KEYS)) {
      insert.setString(1, spec.name());
      insert.setString(2, StageStatus.PENDING.name());
      insert.setLong(3, now);
      insert.setString(4, idempotencyKey);
      insert.setBoolean(5, spec.holdOnFailure());
      insert.executeUpdate();
      requestId = generatedKey(insert);
    }
    try (PreparedStatement stage =
            c.prepareStatement(
                "INSERT INTO ops_stage (request_id, stage_id, name, success_fraction, skippable,"
                    + " status, parallel_per_host) VALUES (?, ?, ?, ?, ?, ?, ?)");
        PreparedStatement task =
            c.prepareStatement(
                "INSERT INTO ops_task (request_id, stage_id, host, role, command, timeout_seconds,"
                    + " status, attempt, last_attempt_time, start_time, end_time, service_step,"
                    + " task_inputs) VALUES (?, ?, ?, ?, ?, ?, ?, 0, -1, -1, -1, ?, ?)")) {
      int stageId = 0;
      for (StageSpec stageSpec : spec.stages()) {
        stageId++;
        stage.setLong(1, requestId);
        stage.setInt(2, stageId);
        stage.setString(3, stageSpec.name());
        stage.setDouble(4, stageSpec.successFraction());
        stage.setBoolean(5, stageSpec.skippable());
        stage.setString(6, StageStatus.PENDING.name());
        if (stageSpec.parallelPerHost() == null) {
          stage.setNull(7, Types.INTEGER);
        } else {
          stage.setInt(7, stageSpec.parallelPerHost());
        }
        stage.addBatch();
        for (TaskSpec taskSpec : stageSpec.tasks()) {
          task.setLong(1, requestId);
          task.setInt(2, stageId);
          task.setString(3, taskSpec.host());
          task.setString(4, taskSpec.role());
          task.setString(5, taskSpec.command());
          task.setInt(6, taskSpec.timeoutSeconds());
          task.setString(7, TaskStatus.PENDING.name());
          task.setString(8, StoredJson.toJson(taskSpec.service()));
          task.setString(
              9,
              taskSpec.inputs() == null || taskSpec.inputs().isEmpty()
                  ? null
                  : StoredJson.toJson(taskSpec.inputs()));
          task.addBatch();
        }
      }
      stage.executeBatch();
      task.executeBatch();
    }
    return requestId;
  }

  private static long generatedKey(PreparedStatement statement) throws SQLException {
    try (ResultSet keys = statement.getGeneratedKeys()) {
      if (!keys.next()) {
        throw new SQLException("the database returned no generated key");
      }
      return keys.getLong(1);
    }
  }

  /** The request stored under a client's idempotency key, if any. */
  public java.util.OptionalLong requestIdForKey(Connection c, String idempotencyKey)
      throws SQLException {
    try (PreparedStatement select =
        c.prepareStatement("SELECT request_id FROM ops_request WHERE idempotency_key = ?")) {
      select.setString(1, idempotencyKey);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next()
            ? java.util.OptionalLong.of(rs.getLong(1))
            : java.util.OptionalLong.empty();
      }
    }
  }

  public Optional<Request> request(Connection c, long requestId) throws SQLException {
    try (PreparedStatement select =
        c.prepareStatement(
            "SELECT " + REQUEST_COLUMNS + " FROM ops_request WHERE request_id = ?")) {
      select.setLong(1, requestId);
      List<Request> rows = requests(select);
      return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }
  }

  /** The newest requests first, at most {@code limit}. */
  public List<Request> recentRequests(Connection c, int limit) throws SQLException {
    try (PreparedStatement select =
        c.prepareStatement(
            "SELECT " + REQUEST_COLUMNS + " FROM ops_request ORDER BY request_id DESC")) {
      select.setMaxRows(limit);
      return requests(select);
    }
  }

  /** Requests still PENDING, IN_PROGRESS or HOLDING, oldest first: the scheduler's work list. */
  public List<Request> liveRequests(Connection c) throws SQLException {
    try (PreparedStatement select =
        c.prepareStatement(
            "SELECT "
                + REQUEST_COLUMNS
                + " FROM ops_request WHERE status IN (?, ?, ?) ORDER BY request_id")) {
      select.setString(1, StageStatus.PENDING.name());
      select.setString(2, StageStatus.IN_PROGRESS.name());
      select.setString(3, StageStatus.HOLDING.name());
      return requests(select);
    }
  }

  private static List<Request> requests(PreparedStatement select) throws SQLException {
    List<Request> rows = new ArrayList<>();
    try (ResultSet rs = select.executeQuery()) {
      while (rs.next()) {
        rows.add(
            new Request(
                rs.getLong(1),
                rs.getString(2),
                StageStatus.valueOf(rs.getString(3)),
                rs.getLong(4),
                rs.getLong(5),
                rs.getLong(6),
                rs.getString(7),
                rs.getBoolean(8)));
      }
    }
    return rows;
  }

  public List<Stage> stages(Connection c, long requestId) throws SQLException {
    List<Stage> rows = new ArrayList<>();
    try (PreparedStatement select =
        c.prepareStatement(
            "SELECT request_id, stage_id, name, success_fraction, skippable, status,"
                + " parallel_per_host FROM ops_stage WHERE request_id = ? ORDER BY stage_id")) {
      select.setLong(1, requestId);
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          rows.add(
              new Stage(
                  rs.getLong(1),
                  rs.getInt(2),
                  rs.getString(3),
                  rs.getDouble(4),
                  rs.getBoolean(5),
                  StageStatus.valueOf(rs.getString(6)),
                  rs.getInt(7)));
        }
      }
    }
    return rows;
  }

  /** All tasks of a request, by stage and then task id. */
  public List<Task> tasks(Connection c, long requestId) throws SQLException {
    try (PreparedStatement select =
        c.prepareStatement(
            "SELECT "
                + TASK_COLUMNS
                + " FROM ops_task WHERE request_id = ? ORDER BY stage_id, task_id")) {
      select.setLong(1, requestId);
      return tasks(select);
    }
  }

  public Optional<Task> task(Connection c, long taskId) throws SQLException {
    try (PreparedStatement select =
        c.prepareStatement("SELECT " + TASK_COLUMNS + " FROM ops_task WHERE task_id = ?")) {
      select.setLong(1, taskId);
      List<Task> rows = tasks(select);
      return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }
  }

  /**
   * Tasks QUEUED, IN_PROGRESS or LOST anywhere: what hosts are busy with, and what may time out.
   */
  public List<Task> activeTasks(Connection c) throws SQLException {
    try (PreparedStatement select =
        c.prepareStatement(
            "SELECT "
                + TASK_COLUMNS
                + " FROM ops_task WHERE status IN (?, ?, ?) ORDER BY task_id")) {
      select.setString(1, TaskStatus.QUEUED.name());
      select.setString(2, TaskStatus.IN_PROGRESS.name());
      select.setString(3, TaskStatus.LOST.name());
      return tasks(select);
    }
  }

  /** Unfinished tasks of live requests on one host. */
  public List<Task> unfinishedTasksOn(Connection c, String host) throws SQLException {
    try (PreparedStatement select =
        c.prepareStatement(
            "SELECT "
                + TASK_COLUMNS
                + " FROM ops_task WHERE host = ? AND status IN (?, ?, ?, ?)"
                + " ORDER BY task_id")) {
      select.setString(1, host);
      select.setString(2, TaskStatus.PENDING.name());
      select.setString(3, TaskStatus.QUEUED.name());
      select.setString(4, TaskStatus.IN_PROGRESS.name());
      select.setString(5, TaskStatus.LOST.name());
      return tasks(select);
    }
  }

  private static List<Task> tasks(PreparedStatement select) throws SQLException {
    List<Task> rows = new ArrayList<>();
    try (ResultSet rs = select.executeQuery()) {
      while (rs.next()) {
        int exit = rs.getInt(13);
        Integer exitCode = rs.wasNull() ? null : exit;
        rows.add(
            new Task(
                rs.getLong(1),
                rs.getLong(2),
                rs.getInt(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getInt(7),
                TaskStatus.valueOf(rs.getString(8)),
                rs.getInt(9),
                rs.getLong(10),
                rs.getLong(11),
                rs.getLong(12),
                exitCode,
                rs.getString(14),
                rs.getString(15),
                rs.getString(16),
                rs.getLong(17),
                StoredJson.fromJson(rs.getString(18), ServiceStep.class),
                StoredJson.fromJson(rs.getString(19), TaskInputs.class)));
      }
    }
    return rows;
  }

  /** PENDING -> QUEUED for a new attempt; returns the attempt number. */
  public int markDispatched(Connection c, Task task, long now) throws SQLException {
    int attempt = task.attempt() + 1;
    try (PreparedStatement update =
        c.prepareStatement(
            "UPDATE ops_task SET status = ?, attempt = ?, last_attempt_time = ?,"
                + " start_time = CASE WHEN start_time < 0 THEN ? ELSE start_time END"
                + " WHERE task_id = ? AND attempt = ?")) {
      update.setString(1, TaskStatus.QUEUED.name());
      update.setInt(2, attempt);
      update.setLong(3, now);
      update.setLong(4, now);
      update.setLong(5, task.taskId());
      update.setInt(6, task.attempt());
      requireOneRow(update.executeUpdate(), task.taskId());
    }
    changes.dispatched(task.taskId(), attempt);
    return attempt;
  }

  /** An active task whose host was found lost: LOST from {@code now}, with the reason. */
  public void markLost(Connection c, long taskId, String detail, long now) throws SQLException {
    try (PreparedStatement update =
        c.prepareStatement(
            "UPDATE ops_task SET status = ?, lost_time = ?, detail = ? WHERE task_id = ?")) {
      update.setString(1, TaskStatus.LOST.name());
      update.setLong(2, now);
      update.setString(3, clip(detail, 1000));
      update.setLong(4, taskId);
      requireOneRow(update.executeUpdate(), taskId);
    }
    changes.status(taskId, TaskStatus.LOST);
  }

  /**
   * QUEUED (or LOST, when its host is back) -> IN_PROGRESS, with the output tails of a progress
   * report.
   */
  public void markRunning(Connection c, long taskId, String stdoutTail, String stderrTail)
      throws SQLException {
    try (PreparedStatement update =
        c.prepareStatement(
            "UPDATE ops_task SET status = ?, stdout_tail = ?, stderr_tail = ? WHERE task_id = ?")) {
      update.setString(1, TaskStatus.IN_PROGRESS.name());
      update.setString(2, tail(stdoutTail));
      update.setString(3, tail(stderrTail));
      update.setLong(4, taskId);
      requireOneRow(update.executeUpdate(), taskId);
    }
    changes.status(taskId, TaskStatus.IN_PROGRESS);
  }

  /** Sets a terminal status. A null exit code, detail or tail leaves the stored one unchanged. */
  public void finish(Connection c, long taskId, TaskOutcome outcome, long now) throws SQLException {
    Integer exitCode = outcome.exitCode();
    String detail = outcome.detail();
    String stdout = outcome.stdout();
    String stderr = outcome.stderr();
    try (PreparedStatement update =
        c.prepareStatement(
            "UPDATE ops_task SET status = ?, end_time = ?,"
                + " exit_code = COALESCE(?, exit_code), detail = COALESCE(?, detail),"
                + " stdout_tail = COALESCE(?, stdout_tail), stderr_tail = COALESCE(?, stderr_tail)"
                + " WHERE task_id = ?")) {
      update.setString(1, outcome.status().name());
      update.setLong(2, now);
      if (exitCode == null) {
        update.setNull(3, Types.INTEGER);
      } else {
        update.setInt(3, exitCode);
      }
      update.setString(4, detail == null ? null : clip(detail, 1000));
      update.setString(5, stdout == null ? null : tail(stdout));
      update.setString(6, stderr == null ? null : tail(stderr));
      update.setLong(7, taskId);
      requireOneRow(update.executeUpdate(), taskId);
    }
    changes.status(taskId, outcome.status());
  }

  /** Puts a timed-out task back to PENDING so the scheduler dispatches a new attempt. */
  public void requeue(Connection c, long taskId, String detail) throws SQLException {
    try (PreparedStatement update =
        c.prepareStatement("UPDATE ops_task SET status = ?, detail = ? WHERE task_id = ?")) {
      update.setString(1, TaskStatus.PENDING.name());
      update.setString(2, clip(detail, 1000));
      update.setLong(3, taskId);
      requireOneRow(update.executeUpdate(), taskId);
    }
    changes.status(taskId, TaskStatus.PENDING);
  }

  /**
   * A FAILED or TIMEDOUT task of a request that holds on failure becomes HOLDING_FAILED or
   * HOLDING_TIMEDOUT; its exit code and output stay.
   */
  public void hold(Connection c, long taskId, TaskStatus failure, String detail)
      throws SQLException {
    TaskStatus holding = failure.holding();
    try (PreparedStatement update =
        c.prepareStatement(
            "UPDATE ops_task SET status = ?, detail = ? WHERE task_id = ? AND status = ?")) {
      update.setString(1, holding.name());
      update.setString(2, clip(detail, 1000));
      update.setLong(3, taskId);
      update.setString(4, failure.name());
      requireOneRow(update.executeUpdate(), taskId);
    }
    changes.status(taskId, holding);
  }

  /**
   * A holding task goes back to PENDING, so the scheduler dispatches a new attempt (the operator's
   * retry). Its end time is cleared; the last attempt's exit code and output stay until the next
   * report replaces them.
   */
  public void retry(Connection c, long taskId, String detail) throws SQLException {
    try (PreparedStatement update =
        c.prepareStatement(
            "UPDATE ops_task SET status = ?, detail = ?, end_time = -1 WHERE task_id = ?"
                + " AND status IN (?, ?)")) {
      update.setString(1, TaskStatus.PENDING.name());
      update.setString(2, clip(detail, 1000));
      update.setLong(3, taskId);
      update.setString(4, TaskStatus.HOLDING_FAILED.name());
      update.setString(5, TaskStatus.HOLDING_TIMEDOUT.name());
      requireOneRow(update.executeUpdate(), taskId);
    }
    changes.status(taskId, TaskStatus.PENDING);
  }

  public void setStageStatus(Connection c, long requestId, int stageId, StageStatus status)
      throws SQLException {
    try (PreparedStatement update =
        c.prepareStatement(
            "UPDATE ops_stage SET status = ? WHERE request_id = ? AND stage_id = ?")) {
      update.setString(1, status.name());
      update.setLong(2, requestId);
      update.setInt(3, stageId);
      update.executeUpdate();
    }
  }

  /** Stores the request's status; start and end times are stamped the first time they apply. */
  public void setRequestStatus(Connection c, long requestId, StageStatus status, long now)
      throws SQLException {
    try (PreparedStatement update =
        c.prepareStatement(
            "UPDATE ops_request SET status = ?,"
                + " start_time = CASE WHEN start_time < 0 AND ? THEN ? ELSE start_time END,"
                + " end_time = CASE WHEN end_time < 0 AND ? THEN ? ELSE end_time END"
                + " WHERE request_id = ?")) {
      update.setString(1, status.name());
      update.setBoolean(2, status != StageStatus.PENDING);
      update.setLong(3, now);
      update.setBoolean(4, status.isTerminal());
      update.setLong(5, now);
      update.setLong(6, requestId);
      update.executeUpdate();
    }
  }

  /** Records an abort; returns false when the request does not exist or has already ended. */
  public boolean requestAbort(Connection c, long requestId, String reason) throws SQLException {
    try (PreparedStatement update =
        c.prepareStatement(
            "UPDATE ops_request SET abort_reason = ? WHERE request_id = ?"
                + " AND status IN (?, ?, ?) AND abort_reason IS NULL")) {
      update.setString(1, clip(reason, 1000));
      update.setLong(2, requestId);
      update.setString(3, StageStatus.PENDING.name());
      update.setString(4, StageStatus.IN_PROGRESS.name());
      update.setString(5, StageStatus.HOLDING.name());
      return update.executeUpdate() == 1;
    }
  }

  static String tail(String text) {
    if (text == null || text.length() <= TAIL_CHARS) {
      return text;
    }
    return text.substring(text.length() - TAIL_CHARS);
  }

  private static String clip(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max);
  }

  private static void requireOneRow(int updated, long taskId) throws SQLException {
    if (updated != 1) {
      throw new SQLException(
          "task " + taskId + " changed under the scheduler (" + updated + " rows)");
    }
  }
}
