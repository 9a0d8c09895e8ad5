package io.almanac.alerting;

import io.almanac.alerting.rules.RuleFileException;
import io.almanac.alerting.rules.RuleFiles;
import io.almanac.alerting.rules.RuleGroup;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the rule files and evaluates each group at its interval on one thread ({@code
 * almanac-alerting}), which it owns: evaluation times are aligned to the interval, a group that
 * overruns skips the ticks it missed. The saved alerts are read once at start, so a restart
 * continues pending and firing alerts with their {@code activeAt}. A reload that fails keeps the
 * rules running and says why; one that succeeds hands each kept rule its alerts.
 */
public final class AlertingService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AlertingService.class);

  /** The outcome of a load or reload. */
  public record ReloadResult(boolean ok, int groups, int rules, List<String> problems) {
    /** Copies the list. */
    public ReloadResult {
      problems = List.copyOf(problems);
    }
  }

  private final AlertingSettings settings;
  private final GroupEvaluation.Ports ports;
  private final LongSupplier clock;
  private final ScheduledExecutorService executor;
  private final List<ScheduledFuture<?>> scheduled = new ArrayList<>();
  private volatile List<GroupEvaluation> groups = List.of();
  private volatile ReloadResult lastLoad = new ReloadResult(true, 0, 0, List.of());
  private volatile java.util.function.BooleanSupplier leading = () -> true;

  /** Whether this collector led at the last tick; owned by the alerting thread. */
  private boolean ledAtLastTick = true;

  /** A service over the given ports; {@code clock} gives epoch ms. Nothing runs until start. */
  public AlertingService(
      AlertingSettings settings,
      RuleQueries queries,
      RecordedSeriesWriter recorder,
      AlertStateStore store,
      AlertNotifier notifier,
      LongSupplier clock) {
    this.settings = settings;
    this.ports = new GroupEvaluation.Ports(queries, recorder, store, notifier);
    this.clock = clock;
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "almanac-alerting");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Evaluates only while {@code leading} says so (one collector of several that share a store
   * evaluates: the leader). On becoming leader again it first reads the alerts saved by whoever led
   * meanwhile.
   */
  public void leadOnlyWhen(java.util.function.BooleanSupplier leading) {
    this.leading = leading;
  }

  /** Reads the saved alerts, loads the rule files and starts evaluating. */
  public ReloadResult start() {
    return onExecutor(() -> replace(ports.store().loadAlerts()));
  }

  /** Loads the rule files again; on failure the running rules stay. */
  public ReloadResult reload() {
    return onExecutor(
        () -> {
          Map<String, List<Alert>> alerts = new HashMap<>();
          groups.forEach(g -> alerts.putAll(g.alertsByKey()));
          return replace(alerts);
        });
  }

  /** Each group's status after its last evaluation. */
  public List<GroupStatus> groups() {
    return groups.stream().map(GroupEvaluation::status).toList();
  }

  /** The last load's outcome. */
  public ReloadResult lastLoad() {
    return lastLoad;
  }

  /** The state changes with a time in {@code [startMs, endMs]}. */
  public List<StateChange> history(long startMs, long endMs) {
    return ports.store().history(startMs, endMs);
  }

  /** Evaluates every group once at {@code now} (on the alerting thread) and waits: for tests. */
  public void evaluateAll(long now) {
    onExecutor(
        () -> {
          groups.forEach(g -> g.evaluate(now));
          return null;
        });
  }

  private ReloadResult replace(Map<String, List<Alert>> alerts) {
    List<RuleGroup> loaded;
    try {
      loaded = RuleFiles.load(settings.ruleFiles(), settings.defaultIntervalMs());
    } catch (RuleFileException e) {
      e.problems().forEach(p -> LOG.error("Rule file problem: {}", p));
      LOG.error(
          "The rule files were not loaded ({} problems); {} groups keep running",
          e.problems().size(),
          groups.size());
      lastLoad = new ReloadResult(false, groups.size(), ruleCount(groups), e.problems());
      return lastLoad;
    }
    scheduled.forEach(f -> f.cancel(false));
    scheduled.clear();
    List<GroupEvaluation> next = new ArrayList<>();
    for (RuleGroup g : loaded) {
      GroupEvaluation evaluation = new GroupEvaluation(g, ports, settings, alerts);
      next.add(evaluation);
      schedule(evaluation);
    }
    groups = List.copyOf(next);
    lastLoad = new ReloadResult(true, next.size(), ruleCount(next), List.of());
    LOG.info(
        "Alerting: {} rule groups with {} rules from {}",
        next.size(),
        lastLoad.rules(),
        settings.ruleFiles());
    return lastLoad;
  }

  private void schedule(GroupEvaluation g) {
    long interval = g.group().intervalMs();
    long now = clock.getAsLong();
    long first = (now / interval + 1) * interval; // aligned to the interval
    scheduled.add(
        executor.scheduleAtFixedRate(() -> tick(g), first - now, interval, TimeUnit.MILLISECONDS));
  }

  private void tick(GroupEvaluation g) {
    long interval = g.group().intervalMs();
    try {
      if (!leading.getAsBoolean()) {
        ledAtLastTick = false;
        return; // another collector evaluates
      }
      if (!ledAtLastTick) {
        ledAtLastTick = true;
        LOG.info("Alerting: this collector leads now; reading the saved alert states");
        replace(ports.store().loadAlerts()); // evaluation goes on from the new schedule
        return;
      }
      // the evaluation time is the tick's, aligned: late ticks do not shift the grid
      g.evaluate(clock.getAsLong() / interval * interval);
    } catch (Throwable t) { // a scheduled task that throws is never run again
      LOG.error("Evaluation of rule group {} failed", g.group().name(), t);
    }
  }

  private static int ruleCount(List<GroupEvaluation> gs) {
    return gs.stream().mapToInt(g -> g.group().rules().size()).sum();
  }

  private <T> T onExecutor(java.util.concurrent.Callable<T> task) {
    try {
      return executor.submit(task).get(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("the alerting thread did not answer within 60 s", e);
    }
  }

  @Override
  public void close() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
