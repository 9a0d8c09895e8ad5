package io.almanac.ops.server.http;

import io.almanac.ops.server.engine.OpsEngine;
import io.almanac.ops.server.store.OpsDatabase;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Handler;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;

/** The REST API and status page as a Jetty handler. */
public final class OpsHttp {

  private static final java.util.logging.Logger JERSEY_PROVIDERS =
      java.util.logging.Logger.getLogger("org.glassfish.jersey.internal.inject.Providers");

  static {
    // Jersey warns that registered resource instances are "not providers"; they work.
    JERSEY_PROVIDERS.setLevel(java.util.logging.Level.SEVERE);
  }

  private OpsHttp() {}

  public static Handler handler(OpsEngine engine, OpsDatabase db) {
    ResourceConfig resources = new ResourceConfig();
    resources.register(new OpsResource(engine, new OpsQueries(db, engine::isConnected)));
    resources.register(new UnexpectedErrors());
    resources.property("jersey.config.server.wadl.disableWadl", true);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addServlet(new ServletHolder(new ServletContainer(resources)), "/*");
    return context;
  }
}
