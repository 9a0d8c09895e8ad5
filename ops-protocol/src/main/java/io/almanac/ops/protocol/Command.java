package io.almanac.ops.protocol;

/**
 * Server to agent: run one attempt of one task. The pair (taskId, attempt) identifies the run; a
 * command received again for a pair the agent already knows is acknowledged and not run twice.
 *
 * @param commandId "requestId-stageId", as Ambari names it
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
    int timeoutSeconds)
    implements Message {}
