package io.almanac.ops.server.model;

/** A registered agent host. Times are epoch ms. */
public record Host(
    String hostname,
    String os,
    int cores,
    long memoryBytes,
    String agentVersion,
    HostState state,
    long registeredAt,
    long lastHeartbeat,
    long agentStartTime) {}
