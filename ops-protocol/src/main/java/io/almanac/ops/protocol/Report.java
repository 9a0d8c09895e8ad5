package io.almanac.ops.protocol;

/**
 * Agent to server: the state of one attempt. IN_PROGRESS reports carry output tails; a final report
 * (any other status) carries the whole output, and the agent keeps it on disk until it is
 * acknowledged.
 *
 * @param exitCode the process's exit code, or null while it runs or when it never started
 * @param outputTruncated true when stdout or stderr was longer than the agent sends; the files on
 *     the agent host still hold everything
 */
public record Report(
    long id,
    long taskId,
    int attempt,
    ReportStatus status,
    Integer exitCode,
    String stdout,
    String stderr,
    String structuredOut,
    boolean outputTruncated)
    implements Message {

  public boolean isFinal() {
    return status != ReportStatus.IN_PROGRESS;
  }
}
