package io.almanac.ops.server.engine;

/**
 * The ops engine did not get to a submit or an abort in time, and it was withdrawn: nothing was
 * done, and the caller may try again.
 */
public final class EngineBusyException extends RuntimeException {
  EngineBusyException(String message) {
    super(message);
  }
}
