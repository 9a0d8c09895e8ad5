package io.almanac.ops.protocol;

/** Server to agent: stop one attempt of a task, killing its whole process tree. */
public record Cancel(long id, long taskId, int attempt, String reason) implements Message {}
