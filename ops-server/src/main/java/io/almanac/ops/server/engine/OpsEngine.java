package io.almanac.ops.server.engine;

import io.almanac.ops.protocol.Ack;
import io.almanac.ops.protocol.Messages;
import io.almanac.ops.protocol.Register;
import io.almanac.ops.protocol.Registered;
import io.almanac.ops.protocol.Rejected;
import io.almanac.ops.protocol.Report;
import io.almanac.ops.server.config.OpsSettings;
import io.almanac.ops.server.model.Host;
import io.almanac.ops.server.model.HostState;
import io.almanac.ops.server.model.OutboxEntry;
import io.almanac.ops.server.model.Request;
import io.almanac.ops.server.model.RequestSpec;
import io.almanac.ops.server.model.RequestValidator;
import io.almanac.ops.server.model.Task;
import io.almanac.ops.server.model.TaskOutcome;
import io.almanac.ops.server.model.TaskStatus;
import io.almanac.ops.server.store.HostStore;
import io.almanac.ops.server.store.OpsDatabase;
import io.almanac.ops.server.store.OutboxStore;
import io.almanac.ops.server.store.OutputStore;
import io.almanac.ops.server.store.RequestStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler and the single owner of all task state.
 *
 * <p>Everything that changes a request, a task, a host or the outbox runs on one thread,
 * "ops-engine": submissions and aborts from the REST API, registrations, heartbeats, reports and
 * acknowledgements from the agent channel, and a tick every second that dispatches, times out,
 * detects lost hosts, resends unacknowledged messages and purges old output. Each change is one
 * database transaction; messages are sent only after it commits, and a report is acknowledged only
 * after it is committed.
 */
public final class OpsEngine implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OpsEngine.class);
  private static final Duration PURGE_EVERY = Duration.ofHours(1);

  private final OpsDatabase db;
  private final OpsSettings settings;
  private final Clock clock;
  private final RequestStore requests = new RequestStore();
  private final OutboxStore outbox = new OutboxStore();
  private final HostStore hosts = new HostStore();
  private final OutputStore outputs = new OutputStore();
  private final Dispatcher dispatcher = new Dispatcher(requests, outbox);
  private final RequestAdvancer advancer;
  private final ReportHandler reports = new ReportHandler(requests, outbox, outputs);
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "ops-engine");
            t.setDaemon(true);
            return t;
          });

  /** One session per registered host; changed by the engine thread, read by the REST API too. */
  private final Map<String, HostSession> sessions = new ConcurrentHashMap<>();

  // Owned by the engine thread.
  private final Map<Long, Long> lastSent = new HashMap<>();

  private long lastPurge;
  private long nextServerMessageId = -1;

  public OpsEngine(OpsDatabase db, OpsSettings settings, Clock clock) {
    this.db = db;
    this.settings = settings;
    this.clock = clock;
    this.advancer = new RequestAdvancer(requests, dispatcher, settings.perHostConcurrency());
  }

  /**
   * Loads the known hosts (each gets a full heartbeat threshold to reconnect) and starts ticking.
   */
  public void start() throws SQLException {
    call(
        () -> {
          long now = clock.millis();
          for (Host host : db.read(hosts::all)) {
            sessions.put(host.hostname(), new HostSession(host.hostname(), host.state(), now));
          }
          lastPurge = now;
          return null;
        });
    thread.scheduleWithFixedDelay(this::tickSafely, 1, 1, TimeUnit.SECONDS);
  }

  // ---- REST API entry points (called from HTTP threads; they wait for the engine) ----

  /** Validates and stores a request, then starts it; returns its id. */
  public long submit(RequestSpec spec) throws InvalidRequestException {
    SubmitResult result =
        call(
            () -> {
              List<String> problems = RequestValidator.problems(spec, sessions::containsKey);
              if (!problems.isEmpty()) {
                return new SubmitResult.Refused(problems);
              }
              long id = db.inTransaction(c -> requests.insert(c, spec, clock.millis()));
              LOG.info(
                  "Request {} \"{}\" accepted with {} stage(s)",
                  id,
                  spec.name(),
                  spec.stages().size());
              advance(Set.of(id));
              return new SubmitResult.Accepted(id);
            });
    return result.requestIdOrThrow();
  }

  /** Records an abort and cancels what runs. */
  public AbortOutcome abort(long requestId, String reason) {
    return call(
        () -> {
          boolean recorded = db.inTransaction(c -> requests.requestAbort(c, requestId, reason));
          if (!recorded) {
            Request request = db.read(c -> requests.request(c, requestId)).orElse(null);
            return request == null ? AbortOutcome.NOT_FOUND : AbortOutcome.ALREADY_ENDED;
          }
          LOG.info("Request {} aborted: {}", requestId, reason);
          advance(Set.of(requestId));
          return AbortOutcome.ABORTED;
        });
  }

  /** Whether the host's agent is connected right now. */
  public boolean isConnected(String host) {
    HostSession session = sessions.get(host);
    return session != null && session.isConnected();
  }

  // ---- Agent channel entry points (called from WebSocket threads; they do not wait) ----

  /** A new connection introduced itself. */
  public void registered(Register register, AgentLink link) {
    thread.execute(
        () -> guarded("registration of " + register.hostname(), () -> onRegister(register, link)));
  }

  public void disconnected(String host, AgentLink link) {
    thread.execute(
        () -> {
          HostSession session = sessions.get(host);
          if (session != null && session.link() == link) {
            session.disconnect();
            LOG.info("Agent {} disconnected", host);
          }
        });
  }

  /** Closes the host's connection, if it has one: its credential was revoked or replaced. */
  public void evict(String host, String reason) {
    thread.execute(
        () -> {
          HostSession session = sessions.get(host);
          if (session != null && session.link() != null) {
            LOG.info("Closing the connection of agent {}: {}", host, reason);
            session.link().close(reason);
          }
        });
  }

  public void heartbeat(String host) {
    thread.execute(
        () -> {
          HostSession session = sessions.get(host);
          if (session == null) {
            return; // not registered (any more): its next connection registers again
          }
          session.seen(clock.millis());
          if (session.state() == HostState.HEARTBEAT_LOST) {
            guarded("recovery of " + host, () -> markHealthy(session));
          }
        });
  }

  public void report(String host, Report report, AgentLink link) {
    thread.execute(
        () ->
            guarded(
                "report " + report.id() + " from " + host,
                () -> {
                  long now = clock.millis();
                  HostSession session = sessions.get(host);
                  if (session != null) {
                    session.seen(now);
                  }
                  OptionalLong changed = db.inTransaction(c -> reports.apply(c, host, report, now));
                  // Committed: only now may the agent forget the report.
                  link.send(Messages.toJson(new Ack(nextMessageId(), report.id())));
                  if (changed.isPresent()) {
                    advance(Set.of(changed.getAsLong()));
                  }
                }));
  }

  public void acknowledged(String host, Ack ack) {
    thread.execute(
        () ->
            guarded(
                "ack from " + host,
                () -> {
                  db.inTransaction(c -> outbox.ack(c, host, ack.ackedId(), clock.millis()));
                  lastSent.remove(ack.ackedId());
                }));
  }

  // ---- the tick ----

  private void tickSafely() {
    guarded("tick", this::tick);
  }

  /** One scheduler pass; tests call it through {@link #tickNow()}. */
  private void tick() throws SQLException {
    long now = clock.millis();
    storeHeartbeats();
    detectLostHosts(now);
    timeOutAttempts(now);
    advanceAll();
    resendUnacked(now);
    if (now - lastPurge >= PURGE_EVERY.toMillis()) {
      purge(now);
      lastPurge = now;
    }
  }

  /** Runs one tick on the engine thread and waits for it. */
  public void tickNow() {
    call(
        () -> {
          tick();
          return null;
        });
  }

  private void onRegister(Register register, AgentLink link) throws SQLException {
    if (register.protocolVersion() != Messages.PROTOCOL_VERSION) {
      refuse(
          link,
          "agent protocol version "
              + register.protocolVersion()
              + " is not supported; the server speaks "
              + Messages.PROTOCOL_VERSION);
      return;
    }
    String hostname = register.hostname();
    if (hostname == null || hostname.isBlank() || hostname.length() > 255) {
      refuse(link, "the agent sent no usable hostname");
      return;
    }
    long now = clock.millis();
    db.inTransaction(
        c -> {
          hosts.register(
              c,
              new Host(
                  hostname,
                  register.os(),
                  register.cores(),
                  register.memoryBytes(),
                  register.agentVersion(),
                  HostState.HEALTHY,
                  now,
                  now,
                  register.agentStartTime()));
          return null;
        });
    HostSession session =
        sessions.computeIfAbsent(hostname, h -> new HostSession(h, HostState.HEALTHY, now));
    AgentLink previous = session.connect(link);
    if (previous != null && previous != link) {
      previous.close("replaced by a newer connection from the same host");
    }
    session.state(HostState.HEALTHY);
    session.seen(now);
    link.send(
        Messages.toJson(
            new Registered(nextMessageId(), now, (int) settings.heartbeatInterval().toSeconds())));
    LOG.info(
        "Agent {} registered ({}, {} cores, agent {})",
        hostname,
        register.os(),
        register.cores(),
        register.agentVersion());
    // Whatever it has not acknowledged, including messages from before a server restart, goes now.
    for (OutboxEntry entry : db.read(c -> outbox.unacked(c, hostname))) {
      send(entry, now);
    }
    advanceAll();
  }

  private void refuse(AgentLink link, String reason) {
    LOG.warn("Refusing an agent: {}", reason);
    link.send(Messages.toJson(new Rejected(nextMessageId(), reason)));
    link.close(reason);
  }

  private void markHealthy(HostSession session) throws SQLException {
    db.inTransaction(
        c -> {
          hosts.heartbeat(c, session.hostname(), clock.millis());
          return null;
        });
    session.state(HostState.HEALTHY);
    LOG.info("Host {} is heartbeating again", session.hostname());
  }

  private void storeHeartbeats() throws SQLException {
    List<HostSession> unsaved =
        sessions.values().stream().filter(HostSession::hasUnsavedHeartbeat).toList();
    if (unsaved.isEmpty()) {
      return;
    }
    db.inTransaction(
        c -> {
          for (HostSession session : unsaved) {
            hosts.heartbeat(c, session.hostname(), session.lastSeen());
          }
          return null;
        });
    // Only once committed: a failed write is tried again at the next tick.
    unsaved.forEach(HostSession::heartbeatSaved);
  }

  private void detectLostHosts(long now) throws SQLException {
    long threshold = settings.heartbeatLostAfter().toMillis();
    for (HostSession session : sessions.values()) {
      String host = session.hostname();
      long silent = now - session.lastSeen();
      if (session.state() != HostState.HEALTHY || silent <= threshold) {
        continue;
      }
      String reason =
          "host "
              + host
              + " lost: no heartbeat for "
              + silent / 1000
              + " s; waiting up"
              + " to "
              + settings.lostTaskDeadline().toSeconds()
              + " s for its agent's report";
      Set<Long> touched =
          db.inTransaction(
              c -> {
                hosts.setState(c, host, HostState.HEARTBEAT_LOST);
                Set<Long> requestIds = new HashSet<>();
                for (Task task : requests.unfinishedTasksOn(c, host)) {
                  // PENDING tasks fail when their stage comes, if the host is still lost. Running
                  // ones
                  // may still finish there: their report, when the agent is back, decides.
                  if (task.status() == TaskStatus.QUEUED
                      || task.status() == TaskStatus.IN_PROGRESS) {
                    requests.markLost(c, task.taskId(), reason, now);
                    requestIds.add(task.requestId());
                  }
                }
                return requestIds;
              });
      session.state(HostState.HEARTBEAT_LOST);
      LOG.warn("{}; running tasks of {} request(s) LOST", reason, touched.size());
      if (!touched.isEmpty()) {
        advance(touched);
      }
      AgentLink stale = session.disconnect();
      if (stale != null) {
        stale.close("heartbeat lost");
      }
    }
  }

  private void timeOutAttempts(long now) throws SQLException {
    Outgoing out = new Outgoing();
    db.inTransaction(
        c -> {
          for (Task task : requests.activeTasks(c)) {
            if (task.status() == TaskStatus.LOST && failIfPastLostDeadline(c, task, now)) {
              continue;
            }
            long budget = (task.timeoutSeconds() + settings.taskTimeoutGrace().toSeconds()) * 1000L;
            if (now - task.lastAttemptTime() <= budget) {
              continue;
            }
            String reason =
                "attempt "
                    + task.attempt()
                    + " gave no final report within "
                    + budget / 1000
                    + " s (command timeout + grace)";
            out.add(dispatcher.cancel(c, task, task.attempt(), reason, now));
            if (task.attempt() < settings.maxAttempts()) {
              requests.requeue(c, task.taskId(), reason + "; retrying");
            } else {
              requests.finish(
                  c, task.taskId(), TaskOutcome.verdict(TaskStatus.TIMEDOUT, reason), now);
            }
            LOG.warn("Task {} on {}: {}", task.taskId(), task.host(), reason);
          }
          return null;
        });
    sendAll(out, now);
  }

  /**
   * Fails a LOST task whose agent has not reported within the lost-task deadline; returns whether
   * it did. Not retried: the command may still be running on the lost host.
   */
  private boolean failIfPastLostDeadline(Connection c, Task task, long now) throws SQLException {
    long deadline = settings.lostTaskDeadline().toMillis();
    if (now - task.lostTime() <= deadline) {
      return false;
    }
    String reason =
        "host "
            + task.host()
            + " lost at "
            + java.time.Instant.ofEpochMilli(task.lostTime())
            + " and no report of attempt "
            + task.attempt()
            + " arrived within "
            + deadline / 1000
            + " s; the command may or may not have run";
    requests.finish(c, task.taskId(), TaskOutcome.verdict(TaskStatus.FAILED, reason), now);
    LOG.warn("Task {}: {}", task.taskId(), reason);
    return true;
  }

  /** Advances every live request: after a change that may unblock any of them (a host back). */
  private void advanceAll() throws SQLException {
    Set<Long> live = new HashSet<>();
    for (Request request : db.read(requests::liveRequests)) {
      live.add(request.requestId());
    }
    advance(live);
  }

  /** Advances the requests an event touched: dispatches what is due, settles what is done. */
  private void advance(Set<Long> requestIds) throws SQLException {
    if (requestIds.isEmpty()) {
      return;
    }
    long now = clock.millis();
    Outgoing out = new Outgoing();
    db.inTransaction(
        c -> {
          Map<String, Integer> busy = new HashMap<>();
          for (Task task : requests.activeTasks(c)) {
            busy.merge(task.host(), 1, Integer::sum);
          }
          for (long requestId : requestIds) {
            advancer.advance(c, requestId, busy, this::stateOf, out, now);
          }
          return null;
        });
    sendAll(out, now);
    if (out.needsAnotherPass()) {
      advance(requestIds);
    }
  }

  private HostState stateOf(String host) {
    HostSession session = sessions.get(host);
    return session == null ? null : session.state();
  }

  private void resendUnacked(long now) throws SQLException {
    long wait = settings.resendAfter().toMillis();
    for (OutboxEntry entry : db.read(outbox::unacked)) {
      Long sent = lastSent.get(entry.messageId());
      if (sent == null || now - sent >= wait) {
        send(entry, now);
      }
    }
  }

  private void purge(long now) throws SQLException {
    long cutoff = now - settings.outputRetention().toMillis();
    int[] purged =
        db.inTransaction(
            c -> new int[] {outputs.purgeOlderThan(c, cutoff), outbox.purgeAcked(c, cutoff)});
    if (purged[0] + purged[1] > 0) {
      LOG.info(
          "Purged the output of {} task(s) and {} acknowledged message(s) older than {}",
          purged[0],
          purged[1],
          settings.outputRetention());
    }
  }

  private void sendAll(Outgoing out, long now) {
    for (OutboxEntry entry : out.entries()) {
      send(entry, now);
    }
  }

  private void send(OutboxEntry entry, long now) {
    HostSession session = sessions.get(entry.host());
    AgentLink link = session == null ? null : session.link();
    if (link == null) {
      return; // sent when the agent registers
    }
    link.send(entry.payload());
    lastSent.put(entry.messageId(), now);
  }

  /** Ids of server messages that are not outbox entries (acks, registration answers). */
  private long nextMessageId() {
    return nextServerMessageId--;
  }

  // ---- threading helpers ----

  @FunctionalInterface
  private interface Step {
    void run() throws Exception;
  }

  private static void guarded(String what, Step step) {
    try {
      step.run();
    } catch (Exception e) {
      LOG.error("Ops engine: {} failed; it will be retried", what, e);
    }
  }

  private <T> T call(Callable<T> work) {
    try {
      return thread.submit(work).get(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the ops engine", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "ops engine failed: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("the ops engine did not answer within 60 s", e);
    }
  }

  @Override
  public void close() {
    thread.shutdown();
    try {
      if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
        thread.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      thread.shutdownNow();
    }
  }
}
