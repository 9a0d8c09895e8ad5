package io.almanac.ops.protocol;

/**
 * When a started component is ready: exactly one of {@code command} (exits 0), {@code port} (a TCP
 * connection to it on this host succeeds) or {@code http} (a GET answers 2xx or 3xx), within {@code
 * timeoutSeconds} of its status first saying it runs.
 */
public record Readiness(String command, Integer port, String http, int timeoutSeconds) {}
