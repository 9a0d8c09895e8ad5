package io.almanac.hostmonitor.checks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/**
 * Connects to a TCP port, as Ambari's PORT alert does: CRITICAL when the connection is refused or
 * does not open within the timeout, WARNING when it opens slower than {@code warning}, OK
 * otherwise.
 *
 * @param warning connect time above which the check warns; null for never
 */
public record PortCheck(
    String name, String host, int port, Duration interval, Duration timeout, Duration warning)
    implements HostCheck {
  @Override
  public String target() {
    return host + ":" + port;
  }

  @Override
  public CheckResult run() {
    long start = System.nanoTime();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
      double seconds = HostCheck.secondsSince(start);
      boolean slow = warning != null && seconds * 1000 > warning.toMillis();
      return new CheckResult(
          slow ? CheckStatus.WARNING : CheckStatus.OK,
          seconds,
          String.format("connected to %s in %.3f s", target(), seconds));
    } catch (IOException | IllegalArgumentException e) {
      return new CheckResult(
          CheckStatus.CRITICAL,
          HostCheck.secondsSince(start),
          "cannot connect to " + target() + ": " + e.getMessage());
    }
  }
}
