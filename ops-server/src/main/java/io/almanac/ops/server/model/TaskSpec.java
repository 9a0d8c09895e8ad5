package io.almanac.ops.server.model;

import io.almanac.ops.protocol.ServiceStep;
import io.almanac.ops.protocol.TaskInputs;

/**
 * One task as submitted: run {@code command} on {@code host} under {@code role}.
 *
 * @param service null for a plain command; for a service task, the step the agent runs (the command
 *     is then a summary of it, for people)
 * @param inputs null, or the files and environment the task brings
 */
public record TaskSpec(
    String host,
    String role,
    String command,
    int timeoutSeconds,
    ServiceStep service,
    TaskInputs inputs) {

  /** A plain command. */
  public TaskSpec(String host, String role, String command, int timeoutSeconds) {
    this(host, role, command, timeoutSeconds, null, null);
  }

  /** A service task, or a plain command when {@code service} is null. */
  public TaskSpec(
      String host, String role, String command, int timeoutSeconds, ServiceStep service) {
    this(host, role, command, timeoutSeconds, service, null);
  }
}
