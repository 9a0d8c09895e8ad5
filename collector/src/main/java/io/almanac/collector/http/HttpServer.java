package io.almanac.collector.http;

import com.codahale.metrics.MetricRegistry;
import io.almanac.collector.config.HttpConfig;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Jetty with the Jersey resources of the collector. Owns the HTTP threads. */
public final class HttpServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
  /**
   * Jersey logs through java.util.logging and warns that resource instances are "not providers";
   * the resources work, the warning is noise. Held here so the level setting is not collected.
   */
  private static final java.util.logging.Logger JERSEY_PROVIDERS =
      java.util.logging.Logger.getLogger("org.glassfish.jersey.internal.inject.Providers");

  static {
    JERSEY_PROVIDERS.setLevel(java.util.logging.Level.SEVERE);
  }

  private final Server server;
  private final ServerConnector connector;

  /** A server for {@code config} serving through {@code gate}. */
  public HttpServer(HttpConfig config, long maxRequestBytes, boolean multipleClusters, ServiceGate gate,
      MetricRegistry registry) {
    QueuedThreadPool threads = new QueuedThreadPool(config.handlerThreads() + 8, 4);
    threads.setName("almanac-http");
    server = new Server(threads);
    org.eclipse.jetty.server.HttpConfiguration httpConfig = new org.eclipse.jetty.server.HttpConfiguration();
    httpConfig.setRequestHeaderSize(HttpConfig.MAX_HEADER_BYTES);
    connector = new ServerConnector(server, new org.eclipse.jetty.server.HttpConnectionFactory(httpConfig));
    connector.setHost(config.bind());
    connector.setPort(config.port());
    server.addConnector(connector);

    ResourceConfig resources = new ResourceConfig();
    resources.register(new TimelineResource(gate, maxRequestBytes, multipleClusters, registry));
    resources.register(new AdminResource(gate, registry));
    resources.register(new ErrorMapper(registry));
    resources.property("jersey.config.server.wadl.disableWadl", true);

    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addServlet(new ServletHolder(new ServletContainer(resources)), "/*");
    server.setHandler(context);
    server.setStopTimeout(10_000);
  }

  /** Starts listening. */
  public void start() throws Exception {
    server.start();
    LOG.info("HTTP listening on {}:{}", connector.getHost(), port());
  }

  /** The port actually bound. */
  public int port() {
    return connector.getLocalPort();
  }

  /** Stops accepting, lets running requests finish, stops the threads. */
  @Override
  public void close() throws Exception {
    server.stop();
  }
}
