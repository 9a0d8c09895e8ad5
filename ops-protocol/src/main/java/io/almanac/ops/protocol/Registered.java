package io.almanac.ops.protocol;

/** The server's answer to {@link Register}: the host is known and may receive commands. */
public record Registered(long id, long serverTime, int heartbeatIntervalSeconds)
    implements Message {}
