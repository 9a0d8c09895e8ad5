package io.almanac.ops.server.model;

/** One task as submitted: run {@code command} on {@code host} under {@code role}. */
public record TaskSpec(String host, String role, String command, int timeoutSeconds) {}
