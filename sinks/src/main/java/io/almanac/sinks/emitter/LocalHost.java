package io.almanac.sinks.emitter;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** This machine's host name as sinks report it. */
public final class LocalHost {
  private LocalHost() {}

  /**
   * The canonical host name; when that only resolves to {@code localhost} (a host whose name maps
   * to a loopback address), the host's own name, so hosts stay apart in the collector.
   */
  public static String name() {
    try {
      InetAddress local = InetAddress.getLocalHost();
      String canonical = local.getCanonicalHostName();
      if (!canonical.startsWith("localhost")) {
        return canonical;
      }
      String plain = local.getHostName();
      if (!plain.startsWith("localhost")) {
        return plain;
      }
    } catch (UnknownHostException e) {
      // fall through to the environment
    }
    String env = System.getenv("HOSTNAME");
    return env == null || env.isEmpty() ? "localhost" : env;
  }
}
