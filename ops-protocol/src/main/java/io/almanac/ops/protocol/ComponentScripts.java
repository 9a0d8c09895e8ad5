package io.almanac.ops.protocol;

/** The shell scripts of one component; any may be null when its action is never asked for. */
public record ComponentScripts(
    String install, String configure, String start, String stop, String status) {}
