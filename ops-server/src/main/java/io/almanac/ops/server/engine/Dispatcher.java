package io.almanac.ops.server.engine;

import io.almanac.ops.protocol.Cancel;
import io.almanac.ops.protocol.Command;
import io.almanac.ops.protocol.Messages;
import io.almanac.ops.server.model.OutboxEntry;
import io.almanac.ops.server.model.Task;
import io.almanac.ops.server.store.OutboxStore;
import io.almanac.ops.server.store.RequestStore;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Turns a task into an outbox entry: a command for a new attempt, or a cancel for a running one.
 */
final class Dispatcher {

  private final RequestStore requests;
  private final OutboxStore outbox;

  Dispatcher(RequestStore requests, OutboxStore outbox) {
    this.requests = requests;
    this.outbox = outbox;
  }

  /** PENDING -> QUEUED with a new attempt, and the command in the outbox. */
  OutboxEntry dispatch(Connection c, Task task, long now) throws SQLException {
    int attempt = requests.markDispatched(c, task, now);
    return outbox.add(
        c,
        task.host(),
        task.taskId(),
        attempt,
        OutboxEntry.Kind.COMMAND,
        id ->
            Messages.toJson(
                new Command(
                    id,
                    task.taskId(),
                    attempt,
                    task.requestId(),
                    task.stageId(),
                    task.commandId(),
                    task.role(),
                    task.command(),
                    task.timeoutSeconds(),
                    task.service(),
                    task.inputs())),
        now);
  }

  /** Asks the task's host to kill the given attempt. */
  OutboxEntry cancel(Connection c, Task task, int attempt, String reason, long now)
      throws SQLException {
    return outbox.add(
        c,
        task.host(),
        task.taskId(),
        attempt,
        OutboxEntry.Kind.CANCEL,
        id -> Messages.toJson(new Cancel(id, task.taskId(), attempt, reason)),
        now);
  }
}
