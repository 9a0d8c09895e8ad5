package io.almanac.collector.config;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This machine's name as {@code hostname} prints it: what the collector tells clients to connect to
 * unless {@code almanac.http.advertised.host} says otherwise. Never {@code localhost} while the
 * machine has another name, even when that name maps to a loopback address (AMS advertised the
 * canonical name, which is {@code localhost} on such machines, and every sink then posted to
 * itself).
 */
public final class LocalHostName {
  private static final Path KERNEL_HOSTNAME = Path.of("/proc/sys/kernel/hostname");

  private LocalHostName() {}

  /** The machine's name; {@code localhost} only when nothing else is known. */
  public static String get() {
    String name;
    try {
      name = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException unresolvable) {
      name = null; // the name does not resolve here; the kernel still knows it
    }
    if (isUseful(name)) {
      return name;
    }
    try {
      String kernel = Files.readString(KERNEL_HOSTNAME).trim();
      if (isUseful(kernel)) {
        return kernel;
      }
    } catch (IOException | RuntimeException notLinux) {
      // fall through
    }
    String env = System.getenv("HOSTNAME");
    return isUseful(env) ? env : "localhost";
  }

  private static boolean isUseful(String name) {
    return name != null && !name.isBlank() && !name.startsWith("localhost");
  }
}
