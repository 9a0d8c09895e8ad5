package io.almanac.ops.protocol;

/** What an agent can say about an attempt. */
public enum ReportStatus {
  IN_PROGRESS,
  COMPLETED,
  FAILED,
  /** The agent killed the process because it ran past the command's timeout. */
  TIMEDOUT,
  /** The agent killed the process because the server cancelled the attempt. */
  ABORTED
}
