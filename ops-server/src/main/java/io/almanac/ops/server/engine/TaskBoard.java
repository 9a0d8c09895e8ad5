package io.almanac.ops.server.engine;

import io.almanac.ops.server.model.Task;
import io.almanac.ops.server.model.TaskStatus;
import io.almanac.ops.server.store.RequestStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The tasks of the live requests the engine is moving, in memory: read from the database once per
 * request, then kept current by the {@link RequestStore} that makes every change (this board is its
 * {@link RequestStore.TaskChanges}). A pass over a request then reads no task rows. Owned by the
 * engine thread. When a transaction fails, its changes may already be here: the engine then calls
 * {@link #clear()}, and what is needed is read again.
 */
final class TaskBoard implements RequestStore.TaskChanges {

  /** A request's tasks in stage and task order, and where each task sits in that list. */
  private record Entry(List<Task> tasks, Map<Long, Integer> index) {}

  private final Map<Long, Entry> byRequest = new HashMap<>();
  private final Map<Long, Long> requestOf = new HashMap<>();

  /**
   * The request's tasks, current; read with {@code store} the first time. The list is the board's
   * own: a change to a task replaces its element (never adds or removes), so it may be iterated
   * while tasks change.
   */
  List<Task> tasks(Connection c, RequestStore store, long requestId) throws SQLException {
    Entry entry = byRequest.get(requestId);
    if (entry == null) {
      List<Task> tasks = new ArrayList<>(store.tasks(c, requestId));
      Map<Long, Integer> index = new HashMap<>();
      for (int i = 0; i < tasks.size(); i++) {
        index.put(tasks.get(i).taskId(), i);
        requestOf.put(tasks.get(i).taskId(), requestId);
      }
      entry = new Entry(tasks, index);
      byRequest.put(requestId, entry);
    }
    return entry.tasks();
  }

  /** Drops a request that has ended. */
  void forget(long requestId) {
    Entry entry = byRequest.remove(requestId);
    if (entry != null) {
      entry.index().keySet().forEach(requestOf::remove);
    }
  }

  /** Drops everything (a transaction failed: the board may hold changes it rolled back). */
  void clear() {
    byRequest.clear();
    requestOf.clear();
  }

  /** Requests held now. */
  int size() {
    return byRequest.size();
  }

  @Override
  public void status(long taskId, TaskStatus status) {
    update(taskId, task -> task.withStatus(status));
  }

  @Override
  public void dispatched(long taskId, int attempt) {
    update(taskId, task -> task.dispatched(attempt));
  }

  private void update(long taskId, UnaryOperator<Task> change) {
    Long requestId = requestOf.get(taskId);
    if (requestId == null) {
      return; // a task of a request not held here
    }
    Entry entry = byRequest.get(requestId);
    int i = entry.index().get(taskId);
    entry.tasks().set(i, change.apply(entry.tasks().get(i)));
  }
}
