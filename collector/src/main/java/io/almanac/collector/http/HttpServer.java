package io.almanac.collector.http;

import com.codahale.metrics.MetricRegistry;
import io.almanac.collector.config.AccessConfig;
import io.almanac.collector.config.HttpConfig;
import io.almanac.runtime.http.WebServer;
import io.almanac.runtime.security.AccessSettings;
import io.almanac.runtime.security.Tokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The collector's HTTP API: its resources and error format on a {@link WebServer}. */
public final class HttpServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);

  private final WebServer server;
  private final AccessConfig access;

  /** A server for {@code config} serving through {@code gate}. */
  public HttpServer(
      HttpConfig config,
      long maxRequestBytes,
      boolean multipleClusters,
      ServiceGate gate,
      MetricRegistry registry) {
    this.access = config.access();
    ErrorMapper errors = new ErrorMapper(registry);
    MetricsPostFilter metricsPost =
        new MetricsPostFilter(new MetricsPost(gate, maxRequestBytes, registry), errors);
    WebServer.Builder builder =
        WebServer.builder("almanac-http")
            .listen(config.bind(), config.port())
            .maxThreads(config.handlerThreads() + 8)
            .tls(config.tls())
            .access(access(config.access()))
            .requestLog(config.requestLog())
            .register(new TimelineResource(gate, maxRequestBytes, multipleClusters, registry))
            .register(new AdminResource(gate, registry))
            .register(new PrometheusResource(gate))
            .register(new AlertsResource(gate))
            .register(new ReloadResource(gate))
            .register(new GraphLinkResource())
            .register(errors);
    MetricsPostFilter.PATHS.forEach(path -> builder.filter(path, metricsPost));
    server = builder.build();
  }

  private static AccessSettings access(AccessConfig access) {
    if (access == null) {
      return null;
    }
    try {
      return new AccessSettings(
          Tokens.watch(access.tokens(), CollectorAccessPolicy.ROLES),
          CollectorAccessPolicy.ROLES,
          new CollectorAccessPolicy(),
          access.openWriteNetworks(),
          "write",
          "almanac");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts listening. */
  public void start() throws Exception {
    server.start();
    LOG.info(
        "{} listening on {}:{}{}",
        server.tls() ? "HTTPS" : "HTTP",
        server.host(),
        port(),
        access == null
            ? "; no tokens configured: anyone who reaches the port may read, write and administer"
            : "; callers need tokens from " + access.tokens());
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
