package io.almanac.runtime.http;

import io.almanac.runtime.security.AccessGuard;
import io.almanac.runtime.security.AccessSettings;
import io.almanac.runtime.tls.ServerTls;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Function;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.AsyncRequestLogWriter;
import org.eclipse.jetty.server.CustomRequestLog;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.util.ssl.SslContextFactory;
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

  /**
   * A request log line: client address, user, when the request came (UTC, ms), request line,
   * status, bytes sent, then the milliseconds from the request's arrival to its last byte sent.
   */
  static final String REQUEST_LOG_FORMAT =
      "%{client}a - %u %{yyyy-MM-dd'T'HH:mm:ss.SSSZ|UTC}t \"%r\" %s %O %{ms}T";

  private final Server server;
  private final ServerConnector connector;
  private final boolean tls;

  private WebServer(Builder b) {
    QueuedThreadPool threads = new QueuedThreadPool(b.maxThreads, Math.min(4, b.maxThreads));
    threads.setName(b.threadName);
    server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setRequestHeaderSize(MAX_HEADER_BYTES);
    http.setSendServerVersion(false);
    if (b.tls == null) {
      connector = new ServerConnector(server, new HttpConnectionFactory(http));
    } else {
      SecureRequestCustomizer secure = new SecureRequestCustomizer();
      // clients reach servers by address as often as by name: the certificate's names are the
      // client's to check, not the server's
      secure.setSniHostCheck(false);
      http.addCustomizer(secure);
      connector =
          new ServerConnector(
              server,
              new SslConnectionFactory(sslContextFactory(b.tls), "http/1.1"),
              new HttpConnectionFactory(http));
    }
    connector.setHost(b.host);
    connector.setPort(b.port);
    server.addConnector(connector);

    ContextHandlerCollection contexts = new ContextHandlerCollection();
    for (Function<Server, Handler> handler : b.handlers) {
      contexts.addHandler(handler.apply(server));
    }
    contexts.addHandler(jerseyContext(b.components, b.filters));
    if (b.access == null) {
      server.setHandler(contexts);
    } else {
      AccessGuard guard = new AccessGuard(b.access);
      guard.setHandler(contexts);
      server.setHandler(guard);
    }
    if (b.requestLog != null) {
      // written on the writer's own thread, so a slow disk does not slow the requests
      AsyncRequestLogWriter writer = new AsyncRequestLogWriter(b.requestLog.toString());
      writer.setAppend(true);
      server.setRequestLog(new CustomRequestLog(writer, REQUEST_LOG_FORMAT));
    }
    server.setStopTimeout(b.stopTimeout.toMillis());
    this.tls = b.tls != null;
  }

  private static SslContextFactory.Server sslContextFactory(ServerTls tls) {
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    try {
      ssl.setKeyStore(tls.keyStore());
      ssl.setKeyStorePassword(new String(ServerTls.IN_MEMORY_PASSWORD));
      ssl.setKeyManagerPassword(new String(ServerTls.IN_MEMORY_PASSWORD));
      KeyStore clients = tls.clientTrustStore();
      if (clients != null) {
        ssl.setTrustStore(clients);
        if (tls.clientCertificateRequired()) {
          ssl.setNeedClientAuth(true);
        } else {
          ssl.setWantClientAuth(true);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ssl;
  }

  /** Whether the port speaks TLS. */
  public boolean tls() {
    return tls;
  }

  private static Handler jerseyContext(List<Object> components, List<PathFilter> filters) {
    ResourceConfig resources = new ResourceConfig();
    components.forEach(resources::register);
    resources.property(ServerProperties.WADL_FEATURE_DISABLE, true);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    ServletHolder jersey = new ServletHolder(new ServletContainer(resources));
    // Server-sent event streams (the ops status page) send after the resource method returned.
    jersey.setAsyncSupported(true);
    context.addServlet(jersey, "/*");
    for (PathFilter f : filters) {
      context.addFilter(
          new FilterHolder(f.filter()), f.pathSpec(), EnumSet.of(DispatcherType.REQUEST));
    }
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

  private record PathFilter(String pathSpec, Filter filter) {}

  /** How a {@link WebServer} is put together; every setting but the resources has a default. */
  public static final class Builder {
    private final String threadName;
    private String host = "0.0.0.0";
    private int port;
    private int maxThreads = 32;
    private Duration stopTimeout = Duration.ofSeconds(10);
    private final List<Object> components = new ArrayList<>();
    private final List<Function<Server, Handler>> handlers = new ArrayList<>();
    private final List<PathFilter> filters = new ArrayList<>();
    private ServerTls tls;
    private AccessSettings access;
    private Path requestLog;

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

    /** Speaks TLS only, with this certificate and key (null: plain HTTP). */
    public Builder tls(ServerTls tls) {
      this.tls = tls;
      return this;
    }

    /** Checks every request's credentials before it is handled (null: everyone may do all). */
    public Builder access(AccessSettings access) {
      this.access = access;
      return this;
    }

    /**
     * Logs every request to {@code file} (appended; a name with {@code yyyy_mm_dd} in it starts a
     * new file each day, kept 90 days), with the time it took ({@link #REQUEST_LOG_FORMAT}); null
     * for none.
     */
    public Builder requestLog(Path file) {
      this.requestLog = file;
      return this;
    }

    /** Adds a handler served before the Jersey resources, made with the server it belongs to. */
    public Builder handler(Function<Server, Handler> handler) {
      handlers.add(handler);
      return this;
    }

    /**
     * Runs {@code filter} ahead of the Jersey resources for requests whose path matches {@code
     * pathSpec} (a servlet path spec, such as an exact path): a hot request can be answered there
     * without Jersey's routing and message bodies; the filter passes on what it does not answer.
     */
    public Builder filter(String pathSpec, Filter filter) {
      filters.add(new PathFilter(pathSpec, filter));
      return this;
    }

    /** The server, not yet started. */
    public WebServer build() {
      return new WebServer(this);
    }
  }
}
