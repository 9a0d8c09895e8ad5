package io.almanac.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A server to talk to, given as a URL ({@code http://host:port}, {@code https://host:port}) or as
 * {@code host:port} or a bare host (plain HTTP, the default port). A path in the URL is ignored:
 * each client knows its server's paths.
 */
public final class ServerAddress {
  private final boolean tls;
  private final String host;
  private final int port;

  private ServerAddress(boolean tls, String host, int port) {
    this.tls = tls;
    this.host = host;
    this.port = port;
  }

  /** Parses {@code text}, with {@code defaultPort} when it names none. */
  public static ServerAddress parse(String text, int defaultPort) {
    String value = text == null ? "" : text.trim();
    String lower = value.toLowerCase(Locale.ROOT);
    boolean hasScheme = lower.contains("://");
    if (hasScheme && !lower.startsWith("http://") && !lower.startsWith("https://")) {
      throw invalid(text, null);
    }
    URI uri;
    try {
      uri = new URI(hasScheme ? value : "http://" + value);
    } catch (URISyntaxException e) {
      throw invalid(text, e);
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw invalid(text, null);
    }
    boolean tls = "https".equalsIgnoreCase(uri.getScheme());
    int port = uri.getPort() >= 0 ? uri.getPort() : defaultPort;
    String host = uri.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return new ServerAddress(tls, host, port);
  }

  private static IllegalArgumentException invalid(String text, Exception cause) {
    return new IllegalArgumentException(
        "'"
            + text
            + "' is not a server address: use http://HOST:PORT,"
            + " https://HOST:PORT or HOST:PORT",
        cause);
  }

  /** Whether the server is reached over TLS ({@code https://}). */
  public boolean tls() {
    return tls;
  }

  /** The host name or address, without brackets. */
  public String host() {
    return host;
  }

  /** The port. */
  public int port() {
    return port;
  }

  /** {@code host:port}, with brackets around an IPv6 address. */
  public String hostPort() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }

  /** {@code http://host:port} or {@code https://host:port}. */
  public String url() {
    return (tls ? "https://" : "http://") + hostPort();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ServerAddress)) {
      return false;
    }
    ServerAddress other = (ServerAddress) o;
    return tls == other.tls && port == other.port && host.equals(other.host);
  }

  @Override
  public int hashCode() {
    return (host.hashCode() * 31 + port) * 2 + (tls ? 1 : 0);
  }

  @Override
  public String toString() {
    return url();
  }
}
