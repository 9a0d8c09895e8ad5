package io.almanac.collector.config;

import io.almanac.runtime.tls.ServerTls;
import java.nio.file.Path;

/**
 * The HTTP listener.
 *
 * @param bind address to listen on
 * @param port port to listen on (0 = any free port)
 * @param handlerThreads request threads, as AMS's {@code
 *     timeline.metrics.service.handler.thread.count}
 * @param advertisedHost the host name clients are told to connect to ({@code /livenodes}); empty
 *     for the machine's name ({@link LocalHostName})
 * @param tls the certificate and key of HTTPS; null for plain HTTP
 * @param access who may do what; null when everyone may do everything
 * @param requestLog file every request is logged to; null for none
 */
public record HttpConfig(
    String bind,
    int port,
    int handlerThreads,
    String advertisedHost,
    ServerTls tls,
    AccessConfig access,
    Path requestLog) {
  /** A plain HTTP listener open to everyone, without a request log. */
  public HttpConfig(String bind, int port, int handlerThreads, String advertisedHost) {
    this(bind, port, handlerThreads, advertisedHost, null, null, null);
  }

  /** The advertised host name: the configured one, or the machine's. */
  public String advertisedHostName() {
    return advertisedHost == null || advertisedHost.isBlank()
        ? LocalHostName.get()
        : advertisedHost.trim();
  }

  /** {@code https} or {@code http}. */
  public String scheme() {
    return tls == null ? "http" : "https";
  }
}
