package io.almanac.ops.protocol;

/** Agent to server, every few seconds; not acknowledged. */
public record Heartbeat(long id, long sentAt) implements Message {}
