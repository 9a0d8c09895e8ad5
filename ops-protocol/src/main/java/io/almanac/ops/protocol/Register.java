package io.almanac.ops.protocol;

/**
 * First message of every connection, agent to server.
 *
 * @param agentStartTime when the agent process started (epoch ms); a later value than a task's
 *     dispatch time tells the server the agent restarted since
 */
public record Register(
    long id,
    int protocolVersion,
    String hostname,
    String os,
    int cores,
    long memoryBytes,
    String agentVersion,
    long agentStartTime)
    implements Message {}
