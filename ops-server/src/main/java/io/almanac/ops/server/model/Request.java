package io.almanac.ops.server.model;

/** A stored request. Times are epoch ms, -1 while not reached. */
public record Request(
    long requestId,
    String name,
    StageStatus status,
    long createTime,
    long startTime,
    long endTime,
    String abortReason) {

  public boolean abortRequested() {
    return abortReason != null;
  }
}
