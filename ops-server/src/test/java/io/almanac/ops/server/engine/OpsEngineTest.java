package io.almanac.ops.server.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.ops.protocol.Ack;
import io.almanac.ops.protocol.Cancel;
import io.almanac.ops.protocol.Command;
import io.almanac.ops.protocol.Message;
import io.almanac.ops.protocol.Messages;
import io.almanac.ops.protocol.Register;
import io.almanac.ops.protocol.Registered;
import io.almanac.ops.protocol.Rejected;
import io.almanac.ops.protocol.Report;
import io.almanac.ops.protocol.ReportStatus;
import io.almanac.ops.server.config.OpsSettings;
import io.almanac.ops.server.model.HostState;
import io.almanac.ops.server.model.RequestSpec;
import io.almanac.ops.server.model.StageSpec;
import io.almanac.ops.server.model.StageStatus;
import io.almanac.ops.server.model.Task;
import io.almanac.ops.server.model.TaskSpec;
import io.almanac.ops.server.model.TaskStatus;
import io.almanac.ops.server.store.HostStore;
import io.almanac.ops.server.store.OpsDatabase;
import io.almanac.ops.server.store.RequestStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine against the embedded database, with scripted agents and a clock the test moves. */
class OpsEngineTest {

  @TempDir Path dir;
  private final MovableClock clock = new MovableClock();
  private final RequestStore requests = new RequestStore();
  private OpsDatabase db;
  private OpsEngine engine;
  private long reportIds = 1000;

  /** Remembers what the engine sent to one agent. */
  static final class ScriptedAgent implements AgentLink {
    final List<Message> received = new CopyOnWriteArrayList<>();
    volatile String closedBecause;

    @Override
    public void send(String text) {
      received.add(Messages.fromJson(text));
    }

    @Override
    public void close(String reason) {
      closedBecause = reason;
    }

    <T extends Message> List<T> all(Class<T> type) {
      return received.stream().filter(type::isInstance).map(type::cast).toList();
    }
  }

  static final class MovableClock extends Clock {
    volatile long millis = 1_800_000_000_000L;

    void advance(Duration duration) {
      millis += duration.toMillis();
    }

    @Override
    public long millis() {
      return millis;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  @BeforeEach
  void open() throws Exception {
    db = OpsDatabase.open(OpsDatabase.embeddedUrl(dir), null, null);
    start(1, 1);
  }

  private void start(int maxAttempts, int perHost) throws Exception {
    if (engine != null) {
      engine.close();
    }
    OpsSettings settings =
        new OpsSettings(
            Duration.ofSeconds(1),
            Duration.ofSeconds(10),
            Duration.ofSeconds(5),
            maxAttempts,
            perHost,
            Duration.ofDays(1),
            Duration.ofSeconds(10),
            Duration.ofSeconds(20));
    engine = new OpsEngine(db, settings, clock);
    engine.start();
  }

  @AfterEach
  void close() {
    engine.close();
    db.close();
  }

  private ScriptedAgent connect(String host) {
    ScriptedAgent agent = new ScriptedAgent();
    engine.registered(
        new Register(
            1, Messages.PROTOCOL_VERSION, host, "Linux", 2, 1L << 30, "test", clock.millis()),
        agent);
    engine.tickNow(); // runs after the registration on the engine thread
    return agent;
  }

  /**
   * Keeps the engine thread busy (an agent whose connection blocks on the registration answer)
   * until the returned latch is counted down.
   */
  private java.util.concurrent.CountDownLatch holdEngine() throws InterruptedException {
    java.util.concurrent.CountDownLatch hold = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch holding = new java.util.concurrent.CountDownLatch(1);
    AgentLink blocker =
        new AgentLink() {
          @Override
          public void send(String text) {
            holding.countDown();
            try {
              hold.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }

          @Override
          public void close(String reason) {}
        };
    engine.registered(
        new Register(1, Messages.PROTOCOL_VERSION, "h3", "Linux", 2, 1, "t", clock.millis()),
        blocker);
    assertThat(holding.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    return hold;
  }

  private static RequestSpec oneTask(String host, int timeoutSeconds) {
    return new RequestSpec(
        "r",
        List.of(
            new StageSpec(
                "s", 1.0, false, List.of(new TaskSpec(host, "SHELL", "true", timeoutSeconds)))));
  }

  private void report(String host, ScriptedAgent agent, Command command, ReportStatus status) {
    engine.report(
        host,
        new Report(
            ++reportIds,
            command.taskId(),
            command.attempt(),
            status,
            status == ReportStatus.IN_PROGRESS ? null : 0,
            "out",
            "",
            null,
            false),
        agent);
    engine.tickNow();
  }

  /** Lets {@code seconds} pass one second at a time, the named hosts heartbeating throughout. */
  private void pass(int seconds, String... heartbeating) {
    for (int i = 0; i < seconds; i++) {
      clock.advance(Duration.ofSeconds(1));
      for (String host : heartbeating) {
        engine.heartbeat(host);
      }
      engine.tickNow();
    }
  }

  private Task task(long taskId) throws Exception {
    return db.read(c -> requests.task(c, taskId)).orElseThrow();
  }

  @Test
  void aHostRunsOneTaskAtATimeAcrossRequests() throws Exception {
    ScriptedAgent h1 = connect("h1");
    long first = engine.submit(oneTask("h1", 60));
    long second = engine.submit(oneTask("h1", 60));
    engine.tickNow();
    assertThat(h1.all(Command.class)).extracting(Command::requestId).containsExactly(first);

    report("h1", h1, h1.all(Command.class).get(0), ReportStatus.COMPLETED);
    assertThat(h1.all(Command.class)).extracting(Command::requestId).containsExactly(first, second);
    assertThat(db.read(c -> requests.request(c, first)).orElseThrow().status())
        .isEqualTo(StageStatus.COMPLETED);
  }

  @Test
  void aStageWithParallelPerHostRunsThatManyOfItsTasksAtOnceOnAHost() throws Exception {
    ScriptedAgent h1 = connect("h1");
    List<TaskSpec> three =
        List.of(
            new TaskSpec("h1", "SHELL", "echo 1", 60),
            new TaskSpec("h1", "SHELL", "echo 2", 60),
            new TaskSpec("h1", "SHELL", "echo 3", 60));
    long id =
        engine.submit(new RequestSpec("r", List.of(new StageSpec("s", 1.0, false, three, 2))));
    engine.tickNow();
    assertThat(h1.all(Command.class))
        .extracting(Command::command)
        .containsExactly("echo 1", "echo 2");

    report("h1", h1, h1.all(Command.class).get(0), ReportStatus.COMPLETED);
    assertThat(h1.all(Command.class))
        .extracting(Command::command)
        .containsExactly("echo 1", "echo 2", "echo 3");
    report("h1", h1, h1.all(Command.class).get(1), ReportStatus.COMPLETED);
    report("h1", h1, h1.all(Command.class).get(2), ReportStatus.COMPLETED);
    assertThat(db.read(c -> requests.request(c, id)).orElseThrow().status())
        .isEqualTo(StageStatus.COMPLETED);
    assertThat(db.read(c -> requests.stages(c, id)).get(0).parallelPerHost()).isEqualTo(2);
  }

  @Test
  void reportsAreAcknowledgedAndRepeatsChangeNothing() throws Exception {
    ScriptedAgent h1 = connect("h1");
    engine.submit(oneTask("h1", 60));
    Command command = h1.all(Command.class).get(0);
    report("h1", h1, command, ReportStatus.IN_PROGRESS);
    assertThat(task(command.taskId()).status()).isEqualTo(TaskStatus.IN_PROGRESS);

    Report done =
        new Report(
            77, command.taskId(), command.attempt(), ReportStatus.FAILED, 2, "o", "e", null, false);
    engine.report("h1", done, h1);
    engine.report("h1", done, h1);
    engine.tickNow();
    assertThat(h1.all(Ack.class)).extracting(Ack::ackedId).containsSubsequence(77L, 77L);
    Task failed = task(command.taskId());
    assertThat(failed.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(failed.exitCode()).isEqualTo(2);

    // A final report that contradicts a terminal status does not change it.
    engine.report(
        "h1",
        new Report(
            78,
            command.taskId(),
            command.attempt(),
            ReportStatus.COMPLETED,
            0,
            "",
            "",
            null,
            false),
        h1);
    engine.tickNow();
    assertThat(task(command.taskId()).status()).isEqualTo(TaskStatus.FAILED);
  }

  @Test
  void aTimedOutAttemptIsCancelledAndRetriedAndTheOldAttemptsReportIsIgnored() throws Exception {
    start(2, 1);
    ScriptedAgent h1 = connect("h1");
    engine.submit(oneTask("h1", 10));
    Command first = h1.all(Command.class).get(0);
    assertThat(first.attempt()).isEqualTo(1);
    engine.acknowledged("h1", new Ack(1, first.id()));

    pass(16, "h1"); // 10 s command timeout + 5 s grace
    assertThat(h1.all(Cancel.class)).extracting(Cancel::attempt).containsExactly(1);
    Command second = h1.all(Command.class).get(1);
    assertThat(second.taskId()).isEqualTo(first.taskId());
    assertThat(second.attempt()).isEqualTo(2);
    engine.acknowledged("h1", new Ack(2, second.id()));

    report("h1", h1, first, ReportStatus.COMPLETED);
    assertThat(task(first.taskId()).status())
        .as("attempt 1's report is stale")
        .isEqualTo(TaskStatus.QUEUED);

    pass(16, "h1");
    Task timedOut = task(first.taskId());
    assertThat(timedOut.status()).isEqualTo(TaskStatus.TIMEDOUT);
    assertThat(timedOut.detail()).contains("attempt 2");
    assertThat(h1.all(Command.class)).hasSize(2);
  }

  private long twoHostRequest() throws Exception {
    return engine.submit(
        new RequestSpec(
            "r",
            List.of(
                new StageSpec(
                    "s",
                    0.5,
                    false,
                    List.of(
                        new TaskSpec("h1", "SHELL", "true", 600),
                        new TaskSpec("h2", "SHELL", "true", 600))))));
  }

  @Test
  void aLostHostsRunningTaskWaitsForTheReportItsAgentBringsBack() throws Exception {
    ScriptedAgent h1 = connect("h1");
    ScriptedAgent h2 = connect("h2");
    long id = twoHostRequest();
    Command onH1 = h1.all(Command.class).get(0);
    Command onH2 = h2.all(Command.class).get(0);
    report("h1", h1, onH1, ReportStatus.COMPLETED);
    long h1End = task(onH1.taskId()).endTime();

    pass(11, "h1");
    Task lost = task(onH2.taskId());
    assertThat(lost.status()).isEqualTo(TaskStatus.LOST);
    assertThat(lost.detail()).contains("host h2 lost");
    assertThat(lost.lostTime()).isPositive();
    assertThat(task(onH1.taskId()).status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(task(onH1.taskId()).endTime()).isEqualTo(h1End);
    assertThat(db.read(c -> new HostStore().host(c, "h2")).orElseThrow().state())
        .isEqualTo(HostState.HEARTBEAT_LOST);
    assertThat(db.read(c -> new HostStore().host(c, "h1")).orElseThrow().state())
        .isEqualTo(HostState.HEALTHY);
    assertThat(db.read(c -> requests.request(c, id)).orElseThrow().status())
        .isEqualTo(StageStatus.IN_PROGRESS);
    assertThat(h2.closedBecause).isEqualTo("heartbeat lost");
    assertThat(engine.isConnected("h2")).isFalse();

    // h2 comes back with the report of the attempt it finished while away: that report decides.
    ScriptedAgent back = connect("h2");
    assertThat(back.all(Cancel.class)).isEmpty();
    report("h2", back, onH2, ReportStatus.COMPLETED);
    Task finished = task(onH2.taskId());
    assertThat(finished.status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(finished.detail()).contains("report arrived after host h2 came back");
    assertThat(db.read(c -> requests.request(c, id)).orElseThrow().status())
        .isEqualTo(StageStatus.COMPLETED);
  }

  @Test
  void aLostTaskWhoseAgentNeverReportsFailsAtTheLostDeadline() throws Exception {
    ScriptedAgent h1 = connect("h1");
    ScriptedAgent h2 = connect("h2");
    long id = twoHostRequest();
    Command onH2 = h2.all(Command.class).get(0);
    report("h1", h1, h1.all(Command.class).get(0), ReportStatus.COMPLETED);

    pass(11, "h1");
    assertThat(task(onH2.taskId()).status()).isEqualTo(TaskStatus.LOST);
    pass(15, "h1");
    assertThat(task(onH2.taskId()).status())
        .as("within the 20 s deadline")
        .isEqualTo(TaskStatus.LOST);
    pass(10, "h1");
    Task failed = task(onH2.taskId());
    assertThat(failed.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(failed.detail())
        .contains("host h2 lost at")
        .contains("no report of attempt 1 arrived within 20 s");
    assertThat(db.read(c -> requests.request(c, id)).orElseThrow().status())
        .isEqualTo(StageStatus.COMPLETED);

    // A report that comes after the deadline only adds output: the final status does not change.
    ScriptedAgent back = connect("h2");
    report("h2", back, onH2, ReportStatus.COMPLETED);
    assertThat(task(onH2.taskId()).status()).isEqualTo(TaskStatus.FAILED);
  }

  @Test
  void unacknowledgedCommandsAreSentAgainToANewConnectionAndNotAfterTheirAck() throws Exception {
    ScriptedAgent first = connect("h1");
    engine.submit(oneTask("h1", 60));
    Command command = first.all(Command.class).get(0);

    ScriptedAgent second = connect("h1");
    assertThat(first.closedBecause).contains("replaced");
    assertThat(second.all(Registered.class)).hasSize(1);
    assertThat(second.all(Command.class)).containsExactly(command);

    engine.acknowledged("h1", new Ack(5, command.id()));
    ScriptedAgent third = connect("h1");
    assertThat(third.all(Command.class)).isEmpty();
  }

  @Test
  void anUnacknowledgedCommandIsSentAgainAfterLongerAndLongerWaits() throws Exception {
    ScriptedAgent h1 = connect("h1");
    engine.submit(oneTask("h1", 3600));
    Command command = h1.all(Command.class).get(0);
    List<Integer> resentAt = new java.util.ArrayList<>();
    for (int second = 1; second <= 75; second++) {
      int before = h1.all(Command.class).size();
      pass(1, "h1");
      if (h1.all(Command.class).size() > before) {
        resentAt.add(second);
      }
    }
    // 10 s after the first send, then 20 s after that, then 40 s: a slow agent is not flooded.
    assertThat(resentAt).containsExactly(10, 30, 70);
    assertThat(h1.all(Command.class)).allSatisfy(c -> assertThat(c).isEqualTo(command));

    engine.acknowledged("h1", new Ack(9, command.id()));
    pass(200, "h1");
    assertThat(h1.all(Command.class)).hasSize(4);
  }

  @Test
  void reportsThatArriveTogetherAreAppliedAndAcknowledgedTogether() throws Exception {
    ScriptedAgent h1 = connect("h1");
    ScriptedAgent h2 = connect("h2");
    long id = twoHostRequest();
    Command onH1 = h1.all(Command.class).get(0);
    Command onH2 = h2.all(Command.class).get(0);
    // Hold the engine thread, so both reports (and a repeat) wait for it together.
    java.util.concurrent.CountDownLatch hold = holdEngine();
    Report first =
        new Report(501, onH1.taskId(), 1, ReportStatus.COMPLETED, 0, "a", "", null, false);
    Report second =
        new Report(502, onH2.taskId(), 1, ReportStatus.COMPLETED, 0, "b", "", null, false);
    engine.report("h1", first, h1);
    engine.report("h2", second, h2);
    engine.report("h2", second, h2);
    assertThat(engine.lagMs()).isGreaterThanOrEqualTo(0);
    hold.countDown();
    engine.tickNow();

    assertThat(task(onH1.taskId()).status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(task(onH2.taskId()).status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(h1.all(Ack.class)).extracting(Ack::ackedId).containsExactly(501L);
    assertThat(h2.all(Ack.class)).extracting(Ack::ackedId).containsExactly(502L, 502L);
    assertThat(db.read(c -> requests.request(c, id)).orElseThrow().status())
        .isEqualTo(StageStatus.COMPLETED);
    assertThat(engine.lagMs()).isZero();
  }

  @Test
  void aHeartbeatIsStampedWhenItArrivesNotWhenTheEngineGetsToIt() throws Exception {
    ScriptedAgent h1 = connect("h1");
    ScriptedAgent h2 = connect("h2");
    twoHostRequest();
    java.util.concurrent.CountDownLatch hold = holdEngine();
    // While the engine is held, 9 s pass with h1 and h2 heartbeating, then 5 s of silence.
    for (int i = 0; i < 9; i++) {
      clock.advance(Duration.ofSeconds(1));
      engine.heartbeat("h1");
      engine.heartbeat("h2");
    }
    long lastBeat = clock.millis();
    clock.advance(Duration.ofSeconds(5));
    hold.countDown();
    engine.tickNow();
    // Each beat counted when it came, not when the engine got free.
    for (String host : List.of("h1", "h2")) {
      var stored = db.read(c -> new HostStore().host(c, host)).orElseThrow();
      assertThat(stored.lastHeartbeat()).isEqualTo(lastBeat);
      assertThat(stored.state()).isEqualTo(HostState.HEALTHY);
    }
    // And 6 s more of silence make 11 s: lost, judged from the arrival stamps.
    pass(6, "h1");
    assertThat(db.read(c -> new HostStore().host(c, "h2")).orElseThrow().state())
        .isEqualTo(HostState.HEARTBEAT_LOST);
    assertThat(h1.closedBecause).isNull();
  }

  @Test
  void aSubmitOrAbortTheEngineCannotGetToInTimeIsWithdrawnAndDoesNothing() throws Exception {
    ScriptedAgent h1 = connect("h1");
    long running = engine.submit(oneTask("h1", 600));
    engine.callTimeout(Duration.ofMillis(300));
    java.util.concurrent.CountDownLatch hold = holdEngine();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> engine.submit(oneTask("h1", 60)))
        .isInstanceOf(EngineBusyException.class)
        .hasMessageContaining("nothing was done");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> engine.abort(running, "stop"))
        .isInstanceOf(EngineBusyException.class);
    hold.countDown();
    engine.callTimeout(Duration.ofSeconds(60));
    engine.tickNow();
    List<io.almanac.ops.server.model.Request> live = db.read(requests::liveRequests);
    assertThat(live)
        .extracting(io.almanac.ops.server.model.Request::requestId)
        .containsExactly(running);
    assertThat(db.read(c -> requests.request(c, running)).orElseThrow().abortReason()).isNull();
    assertThat(h1.all(Command.class)).hasSize(1);
  }

  @Test
  void anAgentOfAnotherProtocolVersionIsRefused() {
    ScriptedAgent agent = new ScriptedAgent();
    engine.registered(new Register(1, 99, "h1", "Linux", 2, 1, "future", 0), agent);
    engine.tickNow();
    assertThat(agent.all(Rejected.class))
        .singleElement()
        .extracting(Rejected::reason)
        .asString()
        .contains("99");
    assertThat(agent.closedBecause).isNotNull();
    assertThat(engine.isConnected("h1")).isFalse();
  }

  @Test
  void submittingForAnUnknownHostIsRefusedWithTheProblem() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> engine.submit(oneTask("nowhere", 60)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("nowhere");
  }

  private long holdingRequest() throws Exception {
    return engine.submit(
        new RequestSpec(
            "r",
            List.of(
                new StageSpec(
                    "first",
                    1.0,
                    false,
                    List.of(
                        new TaskSpec("h1", "SHELL", "one", 60),
                        new TaskSpec("h2", "SHELL", "two", 60))),
                new StageSpec(
                    "second", 1.0, false, List.of(new TaskSpec("h1", "SHELL", "three", 60)))),
            true));
  }

  private void finalReport(String host, ScriptedAgent agent, Command command, int exitCode) {
    engine.report(
        host,
        new Report(
            ++reportIds,
            command.taskId(),
            command.attempt(),
            exitCode == 0 ? ReportStatus.COMPLETED : ReportStatus.FAILED,
            exitCode,
            "out " + command.attempt(),
            "",
            null,
            false),
        agent);
    engine.tickNow();
  }

  private StageStatus requestStatus(long id) throws Exception {
    return db.read(c -> requests.request(c, id)).orElseThrow().status();
  }

  @Test
  void aFailureHoldsTheRequestAndARetryRunsANewAttemptThatLetsItGoOn() throws Exception {
    ScriptedAgent h1 = connect("h1");
    ScriptedAgent h2 = connect("h2");
    long id = holdingRequest();
    Command one = h1.all(Command.class).get(0);
    Command two = h2.all(Command.class).get(0);

    finalReport("h1", h1, one, 1);
    Task held = task(one.taskId());
    assertThat(held.status()).isEqualTo(TaskStatus.HOLDING_FAILED);
    assertThat(held.exitCode()).isEqualTo(1);
    assertThat(held.detail()).contains("attempt 1 failed with exit code 1");
    assertThat(requestStatus(id)).isEqualTo(StageStatus.HOLDING);
    assertThat(h2.all(Cancel.class)).as("the other task of the stage goes on").isEmpty();

    finalReport("h2", h2, two, 0);
    pass(5, "h1", "h2");
    assertThat(requestStatus(id))
        .as("still waiting for the operator")
        .isEqualTo(StageStatus.HOLDING);
    assertThat(h1.all(Command.class)).as("no later stage starts").hasSize(1);
    // The same final report again changes nothing.
    finalReport("h1", h1, one, 1);
    assertThat(task(one.taskId()).status()).isEqualTo(TaskStatus.HOLDING_FAILED);

    assertThat(engine.retry(id, two.taskId())).isEqualTo(HoldOutcome.NOT_HOLDING);
    assertThat(engine.retry(id + 1, one.taskId())).isEqualTo(HoldOutcome.NOT_FOUND);
    assertThat(engine.retry(id, one.taskId())).isEqualTo(HoldOutcome.DONE);
    Command again = h1.all(Command.class).get(1);
    assertThat(again.taskId()).isEqualTo(one.taskId());
    assertThat(again.attempt()).isEqualTo(2);
    assertThat(requestStatus(id)).isEqualTo(StageStatus.IN_PROGRESS);

    finalReport("h1", h1, again, 0);
    Command three = h1.all(Command.class).get(2);
    assertThat(three.command()).isEqualTo("three");
    finalReport("h1", h1, three, 0);
    assertThat(requestStatus(id)).isEqualTo(StageStatus.COMPLETED);
  }

  @Test
  void aSkippedHoldingTaskCountsAsDoneAndAnAbortEndsAHoldingRequest() throws Exception {
    ScriptedAgent h1 = connect("h1");
    ScriptedAgent h2 = connect("h2");
    long id = holdingRequest();
    Command one = h1.all(Command.class).get(0);
    finalReport("h1", h1, one, 2);
    finalReport("h2", h2, h2.all(Command.class).get(0), 0);
    assertThat(engine.skip(id, one.taskId())).isEqualTo(HoldOutcome.DONE);
    Task skipped = task(one.taskId());
    assertThat(skipped.status()).isEqualTo(TaskStatus.SKIPPED_FAILED);
    assertThat(skipped.detail()).contains("skipped by the operator after attempt 1");
    assertThat(engine.skip(id, one.taskId())).isEqualTo(HoldOutcome.NOT_HOLDING);
    Command three = h1.all(Command.class).get(1);
    assertThat(three.command()).isEqualTo("three");

    // The second stage's failure holds again; an abort ends the request there.
    finalReport("h1", h1, three, 1);
    assertThat(requestStatus(id)).isEqualTo(StageStatus.HOLDING);
    assertThat(engine.abort(id, "enough")).isEqualTo(AbortOutcome.ABORTED);
    assertThat(requestStatus(id)).isEqualTo(StageStatus.ABORTED);
    assertThat(task(three.taskId()).status()).isEqualTo(TaskStatus.ABORTED);
  }

  @Test
  void withoutHoldOnFailureAFailureEndsTheRequestAsBefore() throws Exception {
    ScriptedAgent h1 = connect("h1");
    long id = engine.submit(oneTask("h1", 60));
    finalReport("h1", h1, h1.all(Command.class).get(0), 1);
    assertThat(requestStatus(id)).isEqualTo(StageStatus.FAILED);
    assertThat(engine.retry(id, h1.all(Command.class).get(0).taskId()))
        .isEqualTo(HoldOutcome.NOT_HOLDING);
  }
}
