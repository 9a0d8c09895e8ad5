package io.almanac.hostmonitor;

/** Reads the host. */
public interface ReadingSource {
  /** A reading now. */
  HostReading read();
}
