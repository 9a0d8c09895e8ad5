package io.almanac.sinks.emitter;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** This machine's host name as sinks report it. */
public final class LocalHost {
  private LocalHost() {}

  /** The canonical host name, or {@code localhost} when it cannot be resolved. */
  public static String name() {
    try {
      return InetAddress.getLocalHost().getCanonicalHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
