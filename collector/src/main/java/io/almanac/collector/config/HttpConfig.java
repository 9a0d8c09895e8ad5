package io.almanac.collector.config;

/**
 * The HTTP listener.
 *
 * @param bind address to listen on
 * @param port port to listen on (0 = any free port)
 * @param handlerThreads request threads, as AMS's {@code
 *     timeline.metrics.service.handler.thread.count}
 * @param advertisedHost the host name clients are told to connect to ({@code /livenodes}); empty
 *     for the machine's name ({@link LocalHostName})
 */
public record HttpConfig(String bind, int port, int handlerThreads, String advertisedHost) {
  /** The advertised host name: the configured one, or the machine's. */
  public String advertisedHostName() {
    return advertisedHost == null || advertisedHost.isBlank()
        ? LocalHostName.get()
        : advertisedHost.trim();
  }
}
