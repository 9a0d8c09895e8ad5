package io.almanac.runtime;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a server owns, in the order it was started; {@link #close()} closes it in reverse, each part
 * even when an earlier one failed, and only once. Not thread-safe to add to; safe to close from any
 * thread.
 */
public final class Lifecycle implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Lifecycle.class);

  private record Part(String name, AutoCloseable resource) {}

  private final Deque<Part> started = new ArrayDeque<>();
  private boolean closed;

  /** Takes ownership of {@code resource}, already started; returns it. */
  public synchronized <T extends AutoCloseable> T own(String name, T resource) {
    if (closed) {
      closeQuietly(new Part(name, resource));
      throw new IllegalStateException("closed: cannot take " + name);
    }
    started.push(new Part(name, resource));
    return resource;
  }

  /** Closes everything owned, last started first; failures are logged, not thrown. */
  @Override
  public synchronized void close() {
    closed = true;
    while (!started.isEmpty()) {
      closeQuietly(started.pop());
    }
  }

  private static void closeQuietly(Part part) {
    try {
      part.resource().close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warn("Interrupted while stopping {}", part.name());
    } catch (Exception | LinkageError e) {
      LOG.warn("{} did not stop cleanly", part.name(), e);
    }
  }
}
