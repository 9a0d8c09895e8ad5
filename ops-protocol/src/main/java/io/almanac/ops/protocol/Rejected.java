package io.almanac.ops.protocol;

/** Server to agent: registration refused; the connection is closed after this message. */
public record Rejected(long id, String reason) implements Message {}
