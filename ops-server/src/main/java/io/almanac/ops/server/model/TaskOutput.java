package io.almanac.ops.server.model;

/** The whole output of a task's final report. */
public record TaskOutput(
    long taskId,
    int attempt,
    String stdout,
    String stderr,
    String structuredOut,
    boolean truncated,
    long storedAt) {}
