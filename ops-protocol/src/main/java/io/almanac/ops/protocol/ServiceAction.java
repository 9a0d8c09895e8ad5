package io.almanac.ops.protocol;

/** What a service task does to its component. */
public enum ServiceAction {
  /** Runs the install script. */
  INSTALL,
  /** Runs the configure script. */
  CONFIGURE,
  /** Runs start, then waits for status 0 and the readiness check. */
  START,
  /** Runs stop, then waits for status 3. */
  STOP,
  /** STOP, then START. */
  RESTART,
  /** Runs status once and reports the component's state. */
  STATUS
}
