package io.almanac.ops.agent;

import io.almanac.ops.protocol.Ack;
import io.almanac.ops.protocol.Cancel;
import io.almanac.ops.protocol.Command;
import io.almanac.ops.protocol.Heartbeat;
import io.almanac.ops.protocol.Message;
import io.almanac.ops.protocol.Messages;
import io.almanac.ops.protocol.Register;
import io.almanac.ops.protocol.Registered;
import io.almanac.ops.protocol.Report;
import io.almanac.ops.protocol.StatusChecks;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ops agent: the connection, the task runner and the journal wired together, plus the
 * "agent-heartbeat" thread that heartbeats, pings and re-sends unacknowledged reports.
 */
public final class Agent implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
  static final String VERSION = versionOf();

  /**
   * Unacknowledged reports are sent again after this long, then after twice as long each time the
   * server acknowledged nothing in between (at most {@link #MAX_RESEND_WAIT}): a server that is
   * behind is not buried under copies of what it has not got to yet.
   */
  private static final Duration RESEND_EVERY = Duration.ofSeconds(10);

  private static final Duration MAX_RESEND_WAIT = Duration.ofMinutes(5);

  private final AgentSettings settings;
  private final long startTime = System.currentTimeMillis();
  private final AtomicLong messageIds = new AtomicLong(System.currentTimeMillis() * 1000);
  private final Journal journal;
  private final TaskRunner runner;
  private final ServerConnection connection;
  private final StatusChecker statusChecker;
  private final ScheduledExecutorService heartbeat =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "agent-heartbeat");
            t.setDaemon(true);
            return t;
          });
  private volatile Duration heartbeatInterval = Duration.ofSeconds(5);
  private volatile long lastBeat;
  private volatile long lastResend;
  private volatile Duration resendWait = RESEND_EVERY;

  public Agent(AgentSettings settings) throws IOException {
    this.settings = settings;
    Files.createDirectories(settings.dataDir());
    this.journal = new Journal(settings.dataDir());
    this.runner = new TaskRunner(settings, journal, messageIds::incrementAndGet, this::sendReport);
    this.connection = new ServerConnection(settings, this::registration, new Handler());
    // states are not journaled: the next round says them again
    this.statusChecker = runner.statusChecker(messageIds::incrementAndGet, connection::send);
  }

  public void start() throws IOException {
    int orphans = runner.recoverAfterRestart();
    if (orphans > 0) {
      LOG.warn(
          "{} command(s) were running when this agent last stopped; reported as failed", orphans);
    }
    connection.start();
    heartbeat.scheduleWithFixedDelay(this::beat, 1, 1, TimeUnit.SECONDS);
  }

  private Register registration() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    long memory = 0;
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      memory = sun.getTotalMemorySize();
    }
    return new Register(
        messageIds.incrementAndGet(),
        Messages.PROTOCOL_VERSION,
        settings.hostname(),
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " ("
            + System.getProperty("os.arch")
            + ")",
        Runtime.getRuntime().availableProcessors(),
        memory,
        VERSION,
        startTime);
  }

  private void beat() {
    if (!connection.isRegistered()) {
      return;
    }
    long now = System.nanoTime();
    if (now - lastBeat >= heartbeatInterval.toNanos()) {
      lastBeat = now;
      connection.send(new Heartbeat(messageIds.incrementAndGet(), System.currentTimeMillis()));
      connection.checkAlive(heartbeatInterval.multipliedBy(4));
    }
    if (now - lastResend >= resendWait.toNanos()) {
      lastResend = now;
      if (resendJournal()) {
        Duration longer = resendWait.multipliedBy(2);
        resendWait = longer.compareTo(MAX_RESEND_WAIT) > 0 ? MAX_RESEND_WAIT : longer;
      }
    }
  }

  /** Sends every journaled report again; returns whether there was any. */
  private boolean resendJournal() {
    try {
      java.util.List<Report> pending = journal.pending();
      for (Report report : pending) {
        if (!connection.send(report)) {
          break;
        }
      }
      return !pending.isEmpty();
    } catch (IOException e) {
      LOG.error("Cannot read the report journal", e);
      return false;
    }
  }

  private void sendReport(Report report) {
    connection.send(
        report); // a final report is journaled already: it is re-sent until acknowledged
  }

  /** Reacts to the server's messages. */
  private final class Handler implements ServerConnection.Handler {
    @Override
    public void registered(Registered registered) {
      heartbeatInterval = Duration.ofSeconds(Math.max(1, registered.heartbeatIntervalSeconds()));
      lastResend = System.nanoTime();
      resendWait = RESEND_EVERY;
      resendJournal();
    }

    @Override
    public void received(Message message) {
      if (message instanceof Ack ack) {
        journal.remove(ack.ackedId());
        resendWait = RESEND_EVERY; // the server keeps up again
      } else if (message instanceof Command command) {
        try {
          TaskRunner.Acceptance acceptance = runner.accept(command);
          if (acceptance == TaskRunner.Acceptance.DUPLICATE) {
            LOG.info(
                "Task {} attempt {} is known already; not running it again",
                command.taskId(),
                command.attempt());
          }
          connection.send(new Ack(messageIds.incrementAndGet(), command.id()));
        } catch (IOException e) {
          // Not acknowledged: the server sends it again.
          LOG.error("Cannot accept task {}: {}", command.taskId(), e.getMessage());
        }
      } else if (message instanceof StatusChecks checks) {
        statusChecker.replace(checks);
      } else if (message instanceof Cancel cancel) {
        runner.cancel(cancel);
        connection.send(new Ack(messageIds.incrementAndGet(), cancel.id()));
      } else {
        LOG.warn("Ignoring a {} from the server", message.getClass().getSimpleName());
      }
    }
  }

  private static String versionOf() {
    String version = Agent.class.getPackage().getImplementationVersion();
    return version != null ? version : "dev";
  }

  @Override
  public void close() {
    heartbeat.shutdownNow();
    statusChecker.close();
    runner.close();
    connection.close();
  }
}
