package io.almanac.collector.http;

import com.codahale.metrics.MetricRegistry;
import io.almanac.collector.config.HttpConfig;
import io.almanac.runtime.http.WebServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The collector's HTTP API: its resources and error format on a {@link WebServer}. */
public final class HttpServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);

  private final WebServer server;

  /** A server for {@code config} serving through {@code gate}. */
  public HttpServer(
      HttpConfig config,
      long maxRequestBytes,
      boolean multipleClusters,
      ServiceGate gate,
      MetricRegistry registry) {
    server =
        WebServer.builder("almanac-http")
            .listen(config.bind(), config.port())
            .maxThreads(config.handlerThreads() + 8)
            .register(new TimelineResource(gate, maxRequestBytes, multipleClusters, registry))
            .register(new AdminResource(gate, registry))
            .register(new PrometheusResource(gate))
            .register(new AlertsResource(gate))
            .register(new ReloadResource(gate))
            .register(new GraphLinkResource())
            .register(new ErrorMapper(registry))
            .build();
  }

  /** Starts listening. */
  public void start() throws Exception {
    server.start();
    LOG.info("HTTP listening on {}:{}", server.host(), port());
  }

  /** The port actually bound. */
  public int port() {
    return server.port();
  }

  /** Stops accepting, lets running requests finish, stops the threads. */
  @Override
  public void close() throws Exception {
    server.close();
  }
}
