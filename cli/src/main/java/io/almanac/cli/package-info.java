/**
 * What every Almanac program shares with the person typing its command line: one syntax for
 * durations ({@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 7d}; a plain number is
 * seconds), sizes ({@code 64KB}, {@code 16MB}) and server addresses ({@code http://host:port},
 * {@code https://host:port} or {@code host:port}), and picocli set up one way by {@link
 * io.almanac.cli.CommandLines}. Compiled for Java 8: the jmx-poll program ships in the sinks jar.
 */
package io.almanac.cli;
