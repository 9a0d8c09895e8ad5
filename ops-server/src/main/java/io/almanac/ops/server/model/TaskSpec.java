package io.almanac.ops.server.model;

import io.almanac.ops.protocol.ServiceStep;

/**
 * One task as submitted: run {@code command} on {@code host} under {@code role}.
 *
 * @param service null for a plain command; for a service task, the step the agent runs (the command
 *     is then a summary of it, for people)
 */
public record TaskSpec(
    String host, String role, String command, int timeoutSeconds, ServiceStep service) {

  /** A plain command. */
  public TaskSpec(String host, String role, String command, int timeoutSeconds) {
    this(host, role, command, timeoutSeconds, null);
  }
}
