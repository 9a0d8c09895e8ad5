package io.almanac.collector.http;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Lets the HTTP server answer while storage is still starting: requests that need storage get 503
 * with {@code Retry-After} until {@link #open} is called, and again after {@link #fail}.
 */
public final class ServiceGate {
  private final AtomicReference<Services> services = new AtomicReference<>();
  private volatile String state = "starting";

  /** Storage is ready: requests go through from now on. */
  public void open(Services ready) {
    services.set(ready);
    state = "ready";
  }

  /** Storage failed or is stopping: requests are refused with {@code reason}. */
  public void close(String reason) {
    services.set(null);
    state = reason;
  }

  /** The services, or a 503 when they are not available. */
  Services get() {
    Services s = services.get();
    if (s == null) {
      throw new UnavailableException("storage is not ready (" + state + ")");
    }
    return s;
  }

  /** {@code ready}, {@code starting}, or why storage is unavailable. */
  public String state() {
    return state;
  }

  /** True once storage accepts writes. */
  public boolean isReady() {
    return services.get() != null;
  }
}
