package io.almanac.cli;

import java.util.concurrent.CountDownLatch;

/**
 * How an agent-side program (host monitor, ops agent) runs: in the foreground until SIGTERM, Ctrl-C
 * or the JVM's exit, then closes what it started, once, before the JVM ends. (The servers, which
 * must stop storage in order, use the runtime module's ServerMain.)
 */
public final class Foreground {
  private Foreground() {}

  /** Waits until the JVM is asked to exit, closing {@code started} first; returns exit code 0. */
  public static int runUntilStopped(String name, AutoCloseable started)
      throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    started.close();
                  } catch (Exception e) {
                    System.err.println(name + " did not stop cleanly: " + e);
                  } finally {
                    stopped.countDown();
                  }
                },
                name + "-stop"));
    stopped.await();
    return 0;
  }
}
