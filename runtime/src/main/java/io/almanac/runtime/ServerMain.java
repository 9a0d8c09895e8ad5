package io.almanac.runtime;

import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;

/**
 * The main-method pattern of Almanac's servers: start, then run until SIGTERM, SIGINT or the JVM's
 * exit, and stop in order exactly once. An {@link Error} in any thread (out of memory, a broken
 * class path) is logged and halts the JVM with {@link #FATAL}, so a supervisor restarts a clean
 * process instead of finding one that hangs.
 */
public final class ServerMain {
  /** Exit code after a stop on request. */
  public static final int STOPPED = 0;

  /** Exit code of a server that failed to start (the reason is logged). */
  public static final int FAILED_TO_START = 1;

  /** Exit code of a halt on a fatal error (EX_SOFTWARE). */
  public static final int FATAL = 70;

  /** Starts a server and returns what stops it. */
  @FunctionalInterface
  public interface Start {
    /** Starts the server; on failure, releases what it had started before throwing. */
    AutoCloseable start() throws Exception;
  }

  private final String name;
  private final Logger log;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private AutoCloseable running;
  private boolean stopRequested;

  private ServerMain(String name, Logger log) {
    this.name = name;
    this.log = log;
  }

  /**
   * Runs the server that {@code start} starts until it is asked to stop; returns the exit code.
   * {@code name} names the stop threads and the log lines.
   */
  public static int runUntilStopped(String name, Logger log, Start start)
      throws InterruptedException {
    ServerMain main = new ServerMain(name, log);
    main.installFatalErrorHandler();
    if (!TerminationSignals.install(() -> new Thread(main::stop, name + "-stop").start())) {
      log.info("SIGTERM cannot be handled directly here; the {} stops from a shutdown hook", name);
    }
    // Also for exits that are not signals (and the fallback above); stopping twice is harmless.
    Runtime.getRuntime().addShutdownHook(new Thread(main::stop, name + "-shutdown"));
    AutoCloseable server;
    try {
      server = start.start();
    } catch (Exception e) {
      log.error("The {} failed to start", name, e);
      return FAILED_TO_START;
    }
    main.started(server);
    main.stopped.await();
    return STOPPED;
  }

  private synchronized void started(AutoCloseable server) {
    running = server;
    if (stopRequested) {
      closeRunning();
    }
  }

  /** Stops the server once; a second caller waits for the first to finish. */
  private synchronized void stop() {
    if (stopRequested) {
      return;
    }
    stopRequested = true;
    if (running != null) {
      closeRunning();
    }
  }

  private void closeRunning() {
    try {
      running.close();
    } catch (Exception e) {
      log.warn("The {} did not stop cleanly", name, e);
    } finally {
      stopped.countDown();
    }
  }

  private void installFatalErrorHandler() {
    Thread.setDefaultUncaughtExceptionHandler(
        (thread, e) -> {
          if (e instanceof Error && !(e instanceof ThreadDeath)) {
            log.error("Fatal error in thread {}; halting", thread.getName(), e);
            Runtime.getRuntime().halt(FATAL);
          }
          log.error("Uncaught exception in thread {}", thread.getName(), e);
        });
  }
}
