package io.almanac.ops.server.model;

/** A message for an agent that stays until the agent acknowledges it. */
public record OutboxEntry(
    long messageId,
    String host,
    long taskId,
    int attempt,
    Kind kind,
    String payload,
    long createdAt) {

  /** What the message asks of the agent. */
  public enum Kind {
    COMMAND,
    CANCEL
  }
}
