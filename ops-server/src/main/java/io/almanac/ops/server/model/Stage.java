package io.almanac.ops.server.model;

/** A stored stage; stage ids count 1, 2, 3 within their request. */
public record Stage(
    long requestId,
    int stageId,
    String name,
    double successFraction,
    boolean skippable,
    StageStatus status) {}
