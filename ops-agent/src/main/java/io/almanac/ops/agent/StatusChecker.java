package io.almanac.ops.agent;

import io.almanac.ops.protocol.ComponentStates;
import io.almanac.ops.protocol.StatusChecks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the status script of each component the server named ({@link StatusChecks}) every interval
 * and sends what they say ({@link ComponentStates}): STARTED on exit 0, INSTALLED on 3, UNKNOWN on
 * anything else or no answer within {@link #STATUS_TIMEOUT_SECONDS}. Owns the "agent-status-checks"
 * thread.
 */
final class StatusChecker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StatusChecker.class);
  static final int STATUS_TIMEOUT_SECONDS = 30;

  private final ShellProcess shell;
  private final ServiceStepRunner services;
  private final LongSupplier ids;
  private final Consumer<ComponentStates> sender;
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "agent-status-checks");
            t.setDaemon(true);
            return t;
          });
  private ScheduledFuture<?> rounds;

  StatusChecker(
      ShellProcess shell,
      ServiceStepRunner services,
      LongSupplier ids,
      Consumer<ComponentStates> sender) {
    this.shell = shell;
    this.services = services;
    this.ids = ids;
    this.sender = sender;
  }

  /** Replaces the checks: the first round runs now, the next every interval after it. */
  synchronized void replace(StatusChecks checks) {
    if (rounds != null) {
      rounds.cancel(false);
      rounds = null;
    }
    if (checks.checks().isEmpty()) {
      return;
    }
    long every = Math.max(1, checks.intervalSeconds());
    rounds = thread.scheduleWithFixedDelay(() -> round(checks), 0, every, TimeUnit.SECONDS);
    LOG.info("Checking the status of {} component(s) every {} s", checks.checks().size(), every);
  }

  private void round(StatusChecks checks) {
    List<ComponentStates.ComponentState> states = new ArrayList<>();
    for (StatusChecks.StatusCheck check : checks.checks()) {
      states.add(
          new ComponentStates.ComponentState(
              check.service(), check.component(), check(check), System.currentTimeMillis()));
    }
    sender.accept(new ComponentStates(ids.getAsLong(), states));
  }

  /** What one status script says now. */
  String check(StatusChecks.StatusCheck check) {
    if (!ServiceStepRunner.isName(check.service())
        || !ServiceStepRunner.isName(check.component())
        || check.status() == null) {
      return "UNKNOWN";
    }
    try {
      Path scratch =
          services.stateDir(check.service(), check.component()).resolve("status-check.out");
      Files.deleteIfExists(scratch);
      ShellProcess.Outcome o =
          shell.run(
              check.status(),
              services.componentEnv(check.service(), check.component()),
              scratch,
              scratch,
              System.nanoTime() + TimeUnit.SECONDS.toNanos(STATUS_TIMEOUT_SECONDS),
              false,
              new ShellProcess.Watch() {
                @Override
                public boolean cancelled() {
                  return Thread.currentThread().isInterrupted();
                }

                @Override
                public void started(long pid) {}

                @Override
                public void tick() {}
              });
      if (o.exited(ServiceStepRunner.RUNNING)) {
        return "STARTED";
      }
      return o.exited(ServiceStepRunner.NOT_RUNNING) ? "INSTALLED" : "UNKNOWN";
    } catch (IOException | RuntimeException e) {
      LOG.warn("The status of {}/{} could not be checked", check.service(), check.component(), e);
      return "UNKNOWN";
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
