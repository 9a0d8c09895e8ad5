package io.almanac.runtime.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.glassfish.jersey.servlet.ServletContainer;

/**
 * Jetty serving Jersey resources, and optionally other handlers (a WebSocket endpoint) on the same
 * port: the one place in Almanac where a Jetty server is built. Owns its HTTP threads.
 */
public final class WebServer implements AutoCloseable {
  /**
   * Request line plus headers a client may send; Jetty's default (8 KB) is short for long GET
   * queries.
   */
  public static final int MAX_HEADER_BYTES = 64 * 1024;

  /**
   * Jersey logs through java.util.logging and warns that registered resource instances are "not
   * providers"; they work, the warning is noise. Held here so the level setting is not collected.
   */
  private static final java.util.logging.Logger JERSEY_PROVIDERS =
      java.util.logging.Logger.getLogger("org.glassfish.jersey.internal.inject.Providers");

  static {
    JERSEY_PROVIDERS.setLevel(java.util.logging.Level.SEVERE);
  }

  private final Server server;
  private final ServerConnector connector;

  private WebServer(Builder b) {
    QueuedThreadPool threads = new QueuedThreadPool(b.maxThreads, Math.min(4, b.maxThreads));
    threads.setName(b.threadName);
    server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setRequestHeaderSize(MAX_HEADER_BYTES);
    http.setSendServerVersion(false);
    connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(b.host);
    connector.setPort(b.port);
    server.addConnector(connector);

    ContextHandlerCollection contexts = new ContextHandlerCollection();
    for (Function<Server, Handler> handler : b.handlers) {
      contexts.addHandler(handler.apply(server));
    }
    contexts.addHandler(jerseyContext(b.components));
    server.setHandler(contexts);
    server.setStopTimeout(b.stopTimeout.toMillis());
  }

  private static Handler jerseyContext(List<Object> components) {
    ResourceConfig resources = new ResourceConfig();
    components.forEach(resources::register);
    resources.property(ServerProperties.WADL_FEATURE_DISABLE, true);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addServlet(new ServletHolder(new ServletContainer(resources)), "/*");
    return context;
  }

  /** A server whose threads are named after {@code threadName}. */
  public static Builder builder(String threadName) {
    return new Builder(threadName);
  }

  /** Starts listening; throws if the port cannot be bound. */
  public void start() throws Exception {
    server.start();
  }

  /** The port actually bound (the one asked for, or the one chosen for port 0). */
  public int port() {
    return connector.getLocalPort();
  }

  /** The address listened on. */
  public String host() {
    return connector.getHost();
  }

  /** Stops accepting, lets running requests finish within the stop timeout, stops the threads. */
  @Override
  public void close() throws Exception {
    server.stop();
  }

  /** How a {@link WebServer} is put together; every setting but the resources has a default. */
  public static final class Builder {
    private final String threadName;
    private String host = "0.0.0.0";
    private int port;
    private int maxThreads = 32;
    private Duration stopTimeout = Duration.ofSeconds(10);
    private final List<Object> components = new ArrayList<>();
    private final List<Function<Server, Handler>> handlers = new ArrayList<>();

    private Builder(String threadName) {
      this.threadName = threadName;
    }

    /**
     * Listens on {@code host} (an address of this machine, or 0.0.0.0) and {@code port} (0: any
     * free).
     */
    public Builder listen(String host, int port) {
      this.host = host;
      this.port = port;
      return this;
    }

    /** Handles at most {@code maxThreads} requests at once (Jetty's own threads included). */
    public Builder maxThreads(int maxThreads) {
      if (maxThreads < 4) {
        throw new IllegalArgumentException(
            "a web server needs at least 4 threads, not " + maxThreads);
      }
      this.maxThreads = maxThreads;
      return this;
    }

    /** How long a stop waits for running requests. */
    public Builder stopTimeout(Duration stopTimeout) {
      this.stopTimeout = stopTimeout;
      return this;
    }

    /**
     * Registers a Jersey component: a resource, a provider, or the exception mapper that turns
     * failures into this server's error format.
     */
    public Builder register(Object component) {
      components.add(component);
      return this;
    }

    /** Adds a handler served before the Jersey resources, made with the server it belongs to. */
    public Builder handler(Function<Server, Handler> handler) {
      handlers.add(handler);
      return this;
    }

    /** The server, not yet started. */
    public WebServer build() {
      return new WebServer(this);
    }
  }
}
