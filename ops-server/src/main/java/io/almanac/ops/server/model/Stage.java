package io.almanac.ops.server.model;

/**
 * A stored stage; stage ids count 1, 2, 3 within their request.
 *
 * @param parallelPerHost how many of its tasks a host runs at once, instead of the server's
 *     per-host concurrency; 0 when the request did not say
 */
public record Stage(
    long requestId,
    int stageId,
    String name,
    double successFraction,
    boolean skippable,
    StageStatus status,
    int parallelPerHost) {}
