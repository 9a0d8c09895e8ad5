package io.almanac.ops.server.security;

import io.almanac.runtime.security.Caller;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * What callers did that changes something, one line each in {@code audit.log} of the data
 * directory: time, caller, role, action, and what it acted on. Written and forced to disk before
 * the answer goes out.
 */
public final class AuditLog {
  private final Path file;

  /** A log appending to {@code file}. */
  public AuditLog(Path file) {
    this.file = file;
  }

  /** Records {@code action} (SUBMIT, ABORT, ...) by {@code caller} on {@code what}. */
  public synchronized void record(Caller caller, String remote, String action, String what) {
    String line =
        Instant.now()
            + " caller="
            + (caller == null ? "-" : caller.name())
            + " role="
            + (caller == null ? "-" : caller.role())
            + " from="
            + remote
            + " action="
            + action
            + " "
            + what.replace('\n', ' ')
            + "\n";
    try {
      Files.writeString(
          file,
          line,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND,
          StandardOpenOption.SYNC);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the audit log " + file, e);
    }
  }

  /**
   * Records {@code action} on {@code what} by the caller of {@code http}, as the guard found it.
   */
  public void record(HttpServletRequest http, String action, String what) {
    record((Caller) http.getAttribute(Caller.ATTRIBUTE), http.getRemoteAddr(), action, what);
  }

  /** The file. */
  public Path file() {
    return file;
  }
}
