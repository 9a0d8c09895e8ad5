package io.almanac.ops.server.model;

/**
 * A stored request. Times are epoch ms, -1 while not reached.
 *
 * @param holdOnFailure a task failure that would end the request holds it instead, until the
 *     operator retries or skips the task
 */
public record Request(
    long requestId,
    String name,
    StageStatus status,
    long createTime,
    long startTime,
    long endTime,
    String abortReason,
    boolean holdOnFailure) {

  public boolean abortRequested() {
    return abortReason != null;
  }
}
