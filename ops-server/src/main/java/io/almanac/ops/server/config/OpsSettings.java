package io.almanac.ops.server.config;

import java.time.Duration;

/**
 * How the ops server schedules and supervises work.
 *
 * @param heartbeatInterval how often agents are told to heartbeat
 * @param heartbeatLostAfter a host silent for longer becomes HEARTBEAT_LOST and its running tasks
 *     fail
 * @param taskTimeoutGrace added to a command's own timeout before the server gives up on an attempt
 *     it has heard nothing final about (the agent enforces the command timeout itself)
 * @param maxAttempts dispatches per task; above 1, a task whose attempt timed out on the server
 *     side is cancelled and sent again
 * @param perHostConcurrency tasks a host runs at once, across all requests
 * @param outputRetention how long full task output and acknowledged outbox rows are kept
 * @param resendAfter how long an unacknowledged message waits before it is sent again
 * @param lostTaskDeadline how long a task whose host was lost waits for its agent's report before
 *     it fails (sooner when its own timeout and grace run out first)
 * @param statusCheckInterval how often agents run the status script of each service component on
 *     their host and report its state
 */
public record OpsSettings(
    Duration heartbeatInterval,
    Duration heartbeatLostAfter,
    Duration taskTimeoutGrace,
    int maxAttempts,
    int perHostConcurrency,
    Duration outputRetention,
    Duration resendAfter,
    Duration lostTaskDeadline,
    Duration statusCheckInterval) {

  /** With status checks every minute. */
  public OpsSettings(
      Duration heartbeatInterval,
      Duration heartbeatLostAfter,
      Duration taskTimeoutGrace,
      int maxAttempts,
      int perHostConcurrency,
      Duration outputRetention,
      Duration resendAfter,
      Duration lostTaskDeadline) {
    this(
        heartbeatInterval,
        heartbeatLostAfter,
        taskTimeoutGrace,
        maxAttempts,
        perHostConcurrency,
        outputRetention,
        resendAfter,
        lostTaskDeadline,
        Duration.ofSeconds(60));
  }

  public OpsSettings {
    if (statusCheckInterval.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException(
          "the status check interval must be at least 1 s, got " + statusCheckInterval);
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("max attempts must be at least 1, got " + maxAttempts);
    }
    if (perHostConcurrency < 1) {
      throw new IllegalArgumentException(
          "per-host concurrency must be at least 1, got " + perHostConcurrency);
    }
    if (heartbeatLostAfter.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
      throw new IllegalArgumentException(
          "heartbeat-lost threshold "
              + heartbeatLostAfter
              + " must be at least twice the heartbeat interval "
              + heartbeatInterval);
    }
  }

  public static OpsSettings defaults() {
    return new OpsSettings(
        Duration.ofSeconds(5),
        Duration.ofSeconds(30),
        Duration.ofSeconds(60),
        1,
        1,
        Duration.ofDays(30),
        Duration.ofSeconds(10),
        Duration.ofMinutes(10));
  }
}
