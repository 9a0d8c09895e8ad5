package io.almanac.ops.protocol;

/** Either direction: the message with id {@code ackedId} has been taken care of. */
public record Ack(long id, long ackedId) implements Message {}
