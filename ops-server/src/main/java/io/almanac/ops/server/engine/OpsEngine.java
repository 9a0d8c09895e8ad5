package io.almanac.ops.server.engine;

import io.almanac.ops.protocol.Ack;
import io.almanac.ops.protocol.ComponentStates;
import io.almanac.ops.protocol.Messages;
import io.almanac.ops.protocol.Register;
import io.almanac.ops.protocol.Registered;
import io.almanac.ops.protocol.Rejected;
import io.almanac.ops.protocol.Report;
import io.almanac.ops.protocol.StatusChecks;
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
import io.almanac.ops.server.service.AutoRecovery;
import io.almanac.ops.server.service.ServiceDefinition;
import io.almanac.ops.server.service.ServiceStatusChecks;
import io.almanac.ops.server.store.HostStore;
import io.almanac.ops.server.store.OpsDatabase;
import io.almanac.ops.server.store.OutboxStore;
import io.almanac.ops.server.store.OutputStore;
import io.almanac.ops.server.store.RequestStore;
import io.almanac.ops.server.store.ServiceStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler and the single owner of all task state.
 *
 * <p>Everything that changes a request, a task, a host or the outbox runs on one thread,
 * "ops-engine": submissions and aborts from the REST API, registrations, reports and
 * acknowledgements from the agent channel, and a tick every second that dispatches, times out,
 * detects lost hosts, resends unacknowledged messages and purges old output. Messages are sent only
 * after the transaction that stored them commits, and a report is acknowledged only after it is
 * committed. Reports and acknowledgements that arrive together are applied together: one
 * transaction for all that waited, then one pass over each request they touched. A heartbeat does
 * not wait for the engine at all: the connection's thread stamps its host's time of arrival, and
 * loss is judged from those stamps (and not while the engine itself lags behind, {@link #lagMs}).
 */
public final class OpsEngine implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OpsEngine.class);
  private static final Duration PURGE_EVERY = Duration.ofHours(1);
  private static final Duration PURGE_ACKED_EVERY = Duration.ofMinutes(1);

  /** Acknowledged outbox rows are kept this long (at most), for whoever looks into a problem. */
  private static final Duration KEEP_ACKED = Duration.ofMinutes(10);

  /** The longest wait between two sends of an unacknowledged message. */
  private static final Duration MAX_RESEND_WAIT = Duration.ofMinutes(5);

  /** Reports or acks applied in one transaction, at most. */
  private static final int BATCH = 2_000;

  private final OpsDatabase db;
  private final OpsSettings settings;
  private final Clock clock;
  private final TaskBoard board = new TaskBoard();
  private final RequestStore requests = new RequestStore(board);
  private final OutboxStore outbox = new OutboxStore();
  private final HostStore hosts = new HostStore();
  private final OutputStore outputs = new OutputStore();
  private final ServiceStore services = new ServiceStore();
  private final ServiceStatusChecks statusChecks = new ServiceStatusChecks();
  private final AutoRecovery recovery = new AutoRecovery(services, requests);
  private final Dispatcher dispatcher = new Dispatcher(requests, outbox);
  private final RequestAdvancer advancer;
  private final ReportHandler reports = new ReportHandler(requests, outbox, outputs, services);
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "ops-engine");
            t.setDaemon(true);
            return t;
          });

  /** One session per registered host; changed by the engine thread, read by the REST API too. */
  private final Map<String, HostSession> sessions = new ConcurrentHashMap<>();

  /** Reports and acknowledgements waiting for the engine, in arrival order. */
  private final ConcurrentLinkedQueue<Arrived> arrived = new ConcurrentLinkedQueue<>();

  private final AtomicBoolean drainQueued = new AtomicBoolean();

  /** When each job waiting for the engine thread was queued (System.nanoTime), oldest first. */
  private final ConcurrentLinkedQueue<Long> queuedAt = new ConcurrentLinkedQueue<>();

  /** A frame from an agent that changes state: a report, or the ack of one of our messages. */
  private record Arrived(String host, Report report, Ack ack, AgentLink link) {}

  /** When an unacknowledged message was last sent, and how many times it has been. */
  private record Sent(long at, int times) {}

  // Owned by the engine thread.
  private final Map<Long, Sent> lastSent = new HashMap<>();

  /** How long an API call waits for the engine to start its work before withdrawing it. */
  private volatile Duration callTimeout = Duration.ofSeconds(60);

  private long lastPurge;
  private long lastAckedPurge;
  private long lastLagWarning;
  private long nextServerMessageId = -1;

  public OpsEngine(OpsDatabase db, OpsSettings settings, Clock clock) {
    this.db = db;
    this.settings = settings;
    this.clock = clock;
    this.advancer = new RequestAdvancer(requests, board, dispatcher, settings.perHostConcurrency());
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
    return submit(spec, null).requestId();
  }

  /**
   * Validates and stores a request, then starts it. With an {@code idempotencyKey} that an earlier
   * request was stored under, stores nothing and answers that request ({@code repeated}).
   *
   * @throws EngineBusyException when the engine did not get to it within a minute; nothing was done
   */
  public Submitted submit(RequestSpec spec, String idempotencyKey) throws InvalidRequestException {
    SubmitResult result =
        call(
            () -> {
              if (idempotencyKey != null) {
                OptionalLong earlier = db.read(c -> requests.requestIdForKey(c, idempotencyKey));
                if (earlier.isPresent()) {
                  return new SubmitResult.Accepted(earlier.getAsLong(), true);
                }
              }
              List<String> problems = RequestValidator.problems(spec, sessions::containsKey);
              if (!problems.isEmpty()) {
                return new SubmitResult.Refused(problems);
              }
              long id = tx(c -> requests.insert(c, spec, clock.millis(), idempotencyKey));
              LOG.info(
                  "Request {} \"{}\" accepted with {} stage(s)",
                  id,
                  spec.name(),
                  spec.stages().size());
              advance(Set.of(id));
              return new SubmitResult.Accepted(id, false);
            });
    long id = result.requestIdOrThrow();
    return new Submitted(id, ((SubmitResult.Accepted) result).repeated());
  }

  /** A stored request: its id, and whether an earlier submit with the same key stored it. */
  public record Submitted(long requestId, boolean repeated) {}

  /**
   * Records an abort and cancels what runs.
   *
   * @throws EngineBusyException when the engine did not get to it within a minute; nothing was done
   */
  public AbortOutcome abort(long requestId, String reason) {
    return call(
        () -> {
          boolean recorded = tx(c -> requests.requestAbort(c, requestId, reason));
          if (!recorded) {
            Request request = db.read(c -> requests.request(c, requestId)).orElse(null);
            return request == null ? AbortOutcome.NOT_FOUND : AbortOutcome.ALREADY_ENDED;
          }
          LOG.info("Request {} aborted: {}", requestId, reason);
          advance(Set.of(requestId));
          return AbortOutcome.ABORTED;
        });
  }

  /**
   * The operator's retry of a holding task: it goes back to PENDING and is dispatched again as a
   * new attempt; the request goes on from there.
   *
   * @throws EngineBusyException when the engine did not get to it within a minute; nothing was done
   */
  public HoldOutcome retry(long requestId, long taskId) {
    return decide(
        requestId,
        taskId,
        (c, task) ->
            requests.retry(
                c,
                task.taskId(),
                "retried by the operator after attempt " + task.attempt() + " " + failure(task)),
        "retried");
  }

  /**
   * The operator's skip of a holding task: it becomes SKIPPED_FAILED, counts as done, and the
   * request goes on without it.
   *
   * @throws EngineBusyException when the engine did not get to it within a minute; nothing was done
   */
  public HoldOutcome skip(long requestId, long taskId) {
    return decide(
        requestId,
        taskId,
        (c, task) ->
            requests.finish(
                c,
                task.taskId(),
                TaskOutcome.verdict(
                    TaskStatus.SKIPPED_FAILED,
                    "skipped by the operator after attempt "
                        + task.attempt()
                        + " "
                        + failure(task)),
                clock.millis()),
        "skipped");
  }

  private static String failure(Task task) {
    return task.status() == TaskStatus.HOLDING_TIMEDOUT
        ? "timed out"
        : task.exitCode() == null ? "failed" : "failed with exit code " + task.exitCode();
  }

  @FunctionalInterface
  private interface Decision {
    void apply(Connection c, Task task) throws SQLException;
  }

  private HoldOutcome decide(long requestId, long taskId, Decision decision, String done) {
    return call(
        () -> {
          HoldOutcome outcome =
              tx(
                  c -> {
                    Task task = requests.task(c, taskId).orElse(null);
                    if (task == null || task.requestId() != requestId) {
                      return HoldOutcome.NOT_FOUND;
                    }
                    if (!task.status().isHolding()) {
                      return HoldOutcome.NOT_HOLDING;
                    }
                    decision.apply(c, task);
                    return HoldOutcome.DONE;
                  });
          if (outcome == HoldOutcome.DONE) {
            LOG.info("Request {}: holding task {} {} by the operator", requestId, taskId, done);
            advance(Set.of(requestId));
          }
          return outcome;
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
    enqueue(
        () -> guarded("registration of " + register.hostname(), () -> onRegister(register, link)));
  }

  public void disconnected(String host, AgentLink link) {
    enqueue(
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
    enqueue(
        () -> {
          HostSession session = sessions.get(host);
          if (session != null && session.link() != null) {
            LOG.info("Closing the connection of agent {}: {}", host, reason);
            session.link().close(reason);
          }
        });
  }

  /** Stamps the host's time of arrival at once; only a host coming back waits for the engine. */
  public void heartbeat(String host) {
    HostSession session = sessions.get(host);
    if (session == null) {
      return; // not registered (any more): its next connection registers again
    }
    session.seen(clock.millis());
    if (session.state() == HostState.HEARTBEAT_LOST) {
      enqueue(
          () -> {
            if (session.state() == HostState.HEARTBEAT_LOST) {
              guarded("recovery of " + host, () -> markHealthy(session));
            }
          });
    }
  }

  /** A report: its host is stamped as heard from now; the report waits for the next batch. */
  public void report(String host, Report report, AgentLink link) {
    HostSession session = sessions.get(host);
    if (session != null) {
      session.seen(clock.millis());
    }
    arrive(new Arrived(host, report, null, link));
  }

  public void acknowledged(String host, Ack ack) {
    HostSession session = sessions.get(host);
    if (session != null) {
      session.seen(clock.millis());
    }
    arrive(new Arrived(host, null, ack, null));
  }

  private void arrive(Arrived frame) {
    arrived.add(frame);
    if (drainQueued.compareAndSet(false, true)) {
      enqueue(() -> guarded("reports and acknowledgements", this::drainArrived));
    }
  }

  /**
   * Applies what arrived since the last drain (up to {@link #BATCH}) in one transaction, then
   * acknowledges the reports and advances each request they touched once. When the batch fails as a
   * whole, each frame is applied on its own, so one bad report cannot hold up the others.
   */
  private void drainArrived() throws SQLException {
    drainQueued.set(false);
    List<Arrived> batch = new ArrayList<>();
    for (Arrived frame = arrived.poll(); frame != null; frame = arrived.poll()) {
      batch.add(frame);
      if (batch.size() == BATCH) {
        break;
      }
    }
    if (!arrived.isEmpty() && drainQueued.compareAndSet(false, true)) {
      enqueue(() -> guarded("reports and acknowledgements", this::drainArrived));
    }
    if (batch.isEmpty()) {
      return;
    }
    long now = clock.millis();
    Set<Long> touched = new HashSet<>();
    List<Arrived> committed = batch;
    try {
      tx(
          c -> {
            for (Arrived frame : batch) {
              apply(c, frame, now, touched);
            }
            return null;
          });
    } catch (SQLException e) {
      LOG.warn(
          "Applying {} reports and acknowledgements together failed ({}); applying them one by one",
          batch.size(),
          e.getMessage());
      touched.clear();
      committed = new ArrayList<>();
      for (Arrived frame : batch) {
        try {
          tx(
              c -> {
                apply(c, frame, now, touched);
                return null;
              });
          committed.add(frame);
        } catch (SQLException one) {
          LOG.error(
              "Ops engine: {} from {} failed; the agent will send it again",
              frame.report() != null ? "report " + frame.report().id() : "ack",
              frame.host(),
              one);
        }
      }
    }
    for (Arrived frame : committed) {
      if (frame.report() != null) {
        // Committed: only now may the agent forget the report.
        frame.link().send(Messages.toJson(new Ack(nextMessageId(), frame.report().id())));
      } else {
        lastSent.remove(frame.ack().ackedId());
      }
    }
    advance(touched);
  }

  private void apply(Connection c, Arrived frame, long now, Set<Long> touched) throws SQLException {
    if (frame.report() != null) {
      reports.apply(c, frame.host(), frame.report(), now).ifPresent(touched::add);
    } else {
      outbox.ack(c, frame.host(), frame.ack().ackedId(), now);
    }
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
    if (now - lastAckedPurge >= PURGE_ACKED_EVERY.toMillis()) {
      purgeAcked(now);
      lastAckedPurge = now;
    }
  }

  /** For tests: how long API calls wait for the engine to start their work. */
  void callTimeout(Duration timeout) {
    this.callTimeout = timeout;
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
    tx(
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
    sendStatusChecks(hostname, link);
    // Whatever it has not acknowledged, including messages from before a server restart, goes now.
    for (OutboxEntry entry : db.read(c -> outbox.unacked(c, hostname))) {
      send(entry, now);
    }
    // Only requests with work on this host can move because it is here (again).
    Set<Long> waiting = new HashSet<>();
    for (Task task : db.read(c -> requests.unfinishedTasksOn(c, hostname))) {
      waiting.add(task.requestId());
    }
    advance(waiting);
  }

  private void sendStatusChecks(String host, AgentLink link) throws SQLException {
    sendStatusChecks(host, link, db.read(statusChecks::definitions));
  }

  private void sendStatusChecks(String host, AgentLink link, List<ServiceDefinition> defs) {
    List<StatusChecks.StatusCheck> checks = ServiceStatusChecks.checksFor(defs, host);
    link.send(
        Messages.toJson(
            new StatusChecks(
                nextMessageId(), (int) settings.statusCheckInterval().toSeconds(), checks)));
  }

  /** A service changed: every connected agent gets its list of status checks again. */
  public void servicesChanged() {
    enqueue(
        () -> {
          List<ServiceDefinition> defs;
          try {
            defs = db.read(statusChecks::definitions);
          } catch (SQLException | RuntimeException e) {
            LOG.warn("The service definitions could not be read for the agents' checks", e);
            return;
          }
          for (HostSession session : sessions.values()) {
            AgentLink link = session.link();
            if (link != null) {
              sendStatusChecks(session.hostname(), link, defs);
            }
          }
        });
  }

  /** What an agent's status checks found: the latest state of its components. */
  public void componentStates(String host, ComponentStates states) {
    enqueue(() -> storeComponentStates(host, states));
  }

  private void storeComponentStates(String host, ComponentStates states) {
    try {
      storeStates(host, states);
      for (ComponentStates.ComponentState s : states.states()) {
        if ("INSTALLED".equals(s.state())) {
          recover(host, s.service(), s.component());
        }
      }
    } catch (SQLException | RuntimeException e) {
      LOG.warn("The component states of {} could not be stored or acted on", host, e);
    }
  }

  /** Starts a component found stopped again, when its definition and its history allow. */
  private void recover(String host, String service, String component) throws SQLException {
    long now = clock.millis();
    Optional<RequestSpec> due = db.read(c -> recovery.due(c, service, component, host, now));
    if (due.isEmpty()) {
      return;
    }
    long id =
        tx(
            c -> {
              long requestId = requests.insert(c, due.get(), now, null);
              services.addRecovery(c, service, component, host, now, requestId);
              return requestId;
            });
    LOG.warn(
        "{}/{} found stopped on {} where it should run: starting it again, request {} \"{}\"",
        service,
        component,
        host,
        id,
        due.get().name());
    advance(Set.of(id));
  }

  private void storeStates(String host, ComponentStates states) throws SQLException {
    db.inTransaction(
        c -> {
          for (ComponentStates.ComponentState s : states.states()) {
            if (s.service() != null && s.component() != null && STATES.contains(s.state())) {
              services.putState(
                  c,
                  new ServiceStore.ComponentState(
                      s.service(), s.component(), host, s.state(), s.checkedAt()));
            }
          }
          return null;
        });
  }

  private static final Set<String> STATES = Set.of("STARTED", "INSTALLED", "UNKNOWN");

  private void refuse(AgentLink link, String reason) {
    LOG.warn("Refusing an agent: {}", reason);
    link.send(Messages.toJson(new Rejected(nextMessageId(), reason)));
    link.close(reason);
  }

  private void markHealthy(HostSession session) throws SQLException {
    tx(
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
    tx(
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
    long lag = lagMs();
    if (lag > threshold / 2) {
      // Frames that wait for the engine may be what would prove a host alive.
      if (now - lastLagWarning >= 60_000) {
        LOG.warn(
            "The ops engine is {} ms behind its agents; no host is declared lost until it has"
                + " caught up",
            lag);
        lastLagWarning = now;
      }
      return;
    }
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
          tx(
              c -> {
                hosts.setState(c, host, HostState.HEARTBEAT_LOST);
                services.markHostUnknown(c, host, now);
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
    tx(
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
    tx(
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

  /**
   * Sends again what an agent has not acknowledged: first after {@code resendAfter}, then after
   * twice as long each time (at most {@link #MAX_RESEND_WAIT}), so a slow agent is not flooded with
   * copies of what it is still working through. A new connection gets everything at once.
   */
  private void resendUnacked(long now) throws SQLException {
    long first = settings.resendAfter().toMillis();
    List<OutboxEntry> unacked = db.read(outbox::unacked);
    Set<Long> waiting = new HashSet<>();
    for (OutboxEntry entry : unacked) {
      waiting.add(entry.messageId());
    }
    lastSent.keySet().retainAll(waiting); // acknowledged, also by a final report
    for (OutboxEntry entry : unacked) {
      Sent sent = lastSent.get(entry.messageId());
      if (sent == null) {
        send(entry, now);
        continue;
      }
      long wait = Math.min(MAX_RESEND_WAIT.toMillis(), first << Math.min(sent.times() - 1, 20));
      if (now - sent.at() >= wait) {
        send(entry, now);
      }
    }
  }

  private void purgeAcked(long now) throws SQLException {
    long keep = Math.min(KEEP_ACKED.toMillis(), settings.outputRetention().toMillis());
    int purged = tx(c -> outbox.purgeAcked(c, now - keep));
    if (purged > 0) {
      LOG.debug("Purged {} acknowledged outbox message(s)", purged);
    }
  }

  private void purge(long now) throws SQLException {
    long cutoff = now - settings.outputRetention().toMillis();
    int purged = tx(c -> outputs.purgeOlderThan(c, cutoff));
    if (purged > 0) {
      LOG.info("Purged the output of {} task(s) older than {}", purged, settings.outputRetention());
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
    Sent before = lastSent.get(entry.messageId());
    lastSent.put(entry.messageId(), new Sent(now, before == null ? 1 : before.times() + 1));
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

  private void guarded(String what, Step step) {
    try {
      step.run();
    } catch (Exception e) {
      board.clear(); // it may hold changes that were rolled back
      LOG.error("Ops engine: {} failed; it will be retried", what, e);
    }
  }

  /**
   * One transaction. When it fails, the task board is dropped (it may hold the changes that were
   * rolled back) and read again where needed.
   */
  private <T> T tx(io.almanac.ops.server.store.OpsDatabase.Work<T> work) throws SQLException {
    try {
      return db.inTransaction(work);
    } catch (SQLException | RuntimeException e) {
      board.clear();
      throw e;
    }
  }

  /** Runs {@code job} on the engine thread after what is queued before it, tracking the wait. */
  private void enqueue(Runnable job) {
    Long at = System.nanoTime();
    queuedAt.add(at);
    thread.execute(
        () -> {
          queuedAt.remove(at);
          job.run();
        });
  }

  /**
   * How long the oldest event waiting for the engine thread has waited, in ms (0 when none waits):
   * the engine's lag behind its agents and API callers.
   */
  public long lagMs() {
    Long oldest = queuedAt.peek();
    return oldest == null ? 0 : Math.max(0, (System.nanoTime() - oldest) / 1_000_000);
  }

  /**
   * Runs {@code work} on the engine thread and waits for it. When the engine has not started it
   * within a minute it is withdrawn and {@link EngineBusyException} says nothing was done; once
   * started, it is waited for to the end, so what the caller hears is what happened.
   */
  private <T> T call(Callable<T> work) {
    java.util.concurrent.FutureTask<T> task = new java.util.concurrent.FutureTask<>(work);
    enqueue(task);
    try {
      try {
        return task.get(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        if (task.cancel(false)) {
          throw new EngineBusyException(
              "the ops engine did not get to this within "
                  + callTimeout.toSeconds()
                  + " s ("
                  + lagMs()
                  + " ms behind); nothing was done, try again");
        }
        return task.get(); // running already: its outcome is the answer
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the ops engine", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "ops engine failed: " + e.getCause().getMessage(), e.getCause());
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
