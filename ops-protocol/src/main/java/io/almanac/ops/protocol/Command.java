package io.almanac.ops.protocol;

/**
 * Server to agent: run one attempt of one task. The pair (taskId, attempt) identifies the run; a
 * command received again for a pair the agent already knows is acknowledged and not run twice.
 *
 * @param commandId "requestId-stageId", as Ambari names it
 * @param service null for a plain command; for a service task, what to do to which component
 *     ({@code command} is then unused)
 * @param inputs null, or files and environment the task brings
 */
public record Command(
    long id,
    long taskId,
    int attempt,
    long requestId,
    int stageId,
    String commandId,
    String role,
    String command,
    int timeoutSeconds,
    ServiceStep service,
    TaskInputs inputs)
    implements Message {

  /** A service task, or a plain command without inputs when {@code service} is null. */
  public Command(
      long id,
      long taskId,
      int attempt,
      long requestId,
      int stageId,
      String commandId,
      String role,
      String command,
      int timeoutSeconds,
      ServiceStep service) {
    this(
        id,
        taskId,
        attempt,
        requestId,
        stageId,
        commandId,
        role,
        command,
        timeoutSeconds,
        service,
        null);
  }

  /** A plain command: {@code command} run by bash. */
  public Command(
      long id,
      long taskId,
      int attempt,
      long requestId,
      int stageId,
      String commandId,
      String role,
      String command,
      int timeoutSeconds) {
    this(id, taskId, attempt, requestId, stageId, commandId, role, command, timeoutSeconds, null);
  }
}
