package io.almanac.ops.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.almanac.ops.protocol.ComponentScripts;
import io.almanac.ops.protocol.Readiness;
import io.almanac.ops.protocol.ServiceAction;
import io.almanac.ops.protocol.ServiceStep;
import io.almanac.ops.protocol.TaskFile;
import io.almanac.ops.protocol.TaskInputs;
import io.almanac.ops.server.model.AgentCredential;
import io.almanac.ops.server.model.Host;
import io.almanac.ops.server.model.HostState;
import io.almanac.ops.server.model.OutboxEntry;
import io.almanac.ops.server.model.Request;
import io.almanac.ops.server.model.RequestSpec;
import io.almanac.ops.server.model.Stage;
import io.almanac.ops.server.model.StageSpec;
import io.almanac.ops.server.model.StageStatus;
import io.almanac.ops.server.model.Task;
import io.almanac.ops.server.model.TaskOutcome;
import io.almanac.ops.server.model.TaskOutput;
import io.almanac.ops.server.model.TaskSpec;
import io.almanac.ops.server.model.TaskStatus;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The persistence behaviour every supported database must show. Subclasses say which database; the
 * very same tests run on the embedded H2 and on PostgreSQL.
 */
abstract class StoreContract {

  private final RequestStore requests = new RequestStore();
  private final OutboxStore outbox = new OutboxStore();
  private final HostStore hosts = new HostStore();
  private final OutputStore outputs = new OutputStore();
  private final CredentialStore credentials = new CredentialStore();
  private OpsDatabase db;

  /** A JDBC URL of a new, empty database, with user and password (may be null). */
  abstract String[] newDatabase() throws Exception;

  @BeforeEach
  void open() throws Exception {
    String[] target = newDatabase();
    db = OpsDatabase.open(target[0], target[1], target[2]);
  }

  @AfterEach
  void close() {
    db.close();
  }

  private static RequestSpec twoStages() {
    return new RequestSpec(
        "restart",
        List.of(
            new StageSpec(
                "stop",
                1.0,
                false,
                List.of(
                    new TaskSpec("h1", "SHELL", "echo stop", 60),
                    new TaskSpec("h2", "SHELL", "echo stop", 60))),
            new StageSpec(
                "start", 0.5, true, List.of(new TaskSpec("h1", "SHELL", "echo start", 30)))));
  }

  @Test
  void migrationsRunOnceAndReopeningAppliesNothing() throws Exception {
    db.read(
        c -> {
          assertThat(Migrations.appliedVersions(c)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
          assertThat(Migrations.apply(c)).isEmpty();
          return null;
        });
  }

  @Test
  void aRequestIsStoredWithOrderedStagesAndGloballyNumberedPendingTasks() throws Exception {
    long first = db.inTransaction(c -> requests.insert(c, twoStages(), 1000));
    long second = db.inTransaction(c -> requests.insert(c, twoStages(), 2000));
    assertThat(second).isGreaterThan(first);

    List<Stage> stages = db.read(c -> requests.stages(c, first));
    assertThat(stages).extracting(Stage::stageId).containsExactly(1, 2);
    assertThat(stages).extracting(Stage::name).containsExactly("stop", "start");
    assertThat(stages.get(1).successFraction()).isEqualTo(0.5);
    assertThat(stages.get(1).skippable()).isTrue();

    List<Task> firstTasks = db.read(c -> requests.tasks(c, first));
    List<Task> secondTasks = db.read(c -> requests.tasks(c, second));
    assertThat(firstTasks).extracting(Task::host).containsExactly("h1", "h2", "h1");
    assertThat(firstTasks).allMatch(t -> t.status() == TaskStatus.PENDING && t.attempt() == 0);
    assertThat(firstTasks.get(0).commandId()).isEqualTo(first + "-1");
    assertThat(secondTasks.get(0).taskId()).isGreaterThan(firstTasks.get(2).taskId());

    Request request = db.read(c -> requests.request(c, first)).orElseThrow();
    assertThat(request.status()).isEqualTo(StageStatus.PENDING);
    assertThat(request.createTime()).isEqualTo(1000);
    assertThat(request.startTime()).isEqualTo(-1);
    assertThat(db.<List<Request>>read(c -> requests.recentRequests(c, 1)))
        .extracting(Request::requestId)
        .containsExactly(second);
  }

  @Test
  void aTaskMovesThroughDispatchRunAndFinish() throws Exception {
    long id = db.inTransaction(c -> requests.insert(c, twoStages(), 1000));
    Task task = db.read(c -> requests.tasks(c, id)).get(0);

    int attempt = db.inTransaction(c -> requests.markDispatched(c, task, 5000));
    assertThat(attempt).isEqualTo(1);
    Task queued = db.read(c -> requests.task(c, task.taskId())).orElseThrow();
    assertThat(queued.status()).isEqualTo(TaskStatus.QUEUED);
    assertThat(queued.lastAttemptTime()).isEqualTo(5000);
    assertThat(queued.startTime()).isEqualTo(5000);
    assertThat(db.<List<Task>>read(c -> requests.activeTasks(c)))
        .extracting(Task::taskId)
        .containsExactly(task.taskId());
    // A second dispatch based on the stale row is refused: the attempt counter guards it.
    assertThatThrownBy(() -> db.inTransaction(c -> requests.markDispatched(c, task, 6000)))
        .isInstanceOf(SQLException.class);

    db.inTransaction(
        c -> {
          requests.markRunning(c, task.taskId(), "line 1\n", "");
          return null;
        });
    db.inTransaction(
        c -> {
          requests.finish(
              c,
              task.taskId(),
              new TaskOutcome(TaskStatus.FAILED, 3, null, "x".repeat(10_000), "boom"),
              9000);
          return null;
        });
    Task failed = db.read(c -> requests.task(c, task.taskId())).orElseThrow();
    assertThat(failed.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(failed.exitCode()).isEqualTo(3);
    assertThat(failed.endTime()).isEqualTo(9000);
    assertThat(failed.stdoutTail()).hasSize(RequestStore.TAIL_CHARS);
    assertThat(failed.stderrTail()).isEqualTo("boom");

    // The server's own verdict keeps what the agent said and adds a reason.
    db.inTransaction(
        c -> {
          requests.finish(
              c, task.taskId(), TaskOutcome.verdict(TaskStatus.ABORTED, "request aborted"), 9500);
          return null;
        });
    Task aborted = db.read(c -> requests.task(c, task.taskId())).orElseThrow();
    assertThat(aborted.exitCode()).isEqualTo(3);
    assertThat(aborted.detail()).isEqualTo("request aborted");
    assertThat(aborted.stderrTail()).isEqualTo("boom");
  }

  @Test
  void requestTimesAreStampedOnceAndAbortOnlyAppliesToLiveRequests() throws Exception {
    long id = db.inTransaction(c -> requests.insert(c, twoStages(), 1000));
    db.inTransaction(
        c -> {
          requests.setRequestStatus(c, id, StageStatus.IN_PROGRESS, 2000);
          requests.setRequestStatus(c, id, StageStatus.IN_PROGRESS, 3000);
          return null;
        });
    assertThat(db.<List<Request>>read(c -> requests.liveRequests(c)))
        .extracting(Request::requestId)
        .containsExactly(id);
    assertThat(db.<Boolean>inTransaction(c -> requests.requestAbort(c, id, "operator"))).isTrue();
    assertThat(db.<Boolean>inTransaction(c -> requests.requestAbort(c, id, "again"))).isFalse();
    db.inTransaction(
        c -> {
          requests.setRequestStatus(c, id, StageStatus.ABORTED, 4000);
          return null;
        });
    Request done = db.read(c -> requests.request(c, id)).orElseThrow();
    assertThat(done.startTime()).isEqualTo(2000);
    assertThat(done.endTime()).isEqualTo(4000);
    assertThat(done.abortReason()).isEqualTo("operator");
    assertThat(db.<List<Request>>read(c -> requests.liveRequests(c))).isEmpty();
    assertThat(db.<Boolean>inTransaction(c -> requests.requestAbort(c, 999_999, "nothing")))
        .isFalse();
  }

  @Test
  void theOutboxKeepsMessagesUntilAcknowledged() throws Exception {
    long id = db.inTransaction(c -> requests.insert(c, twoStages(), 1000));
    List<Task> tasks = db.read(c -> requests.tasks(c, id));
    OutboxEntry one =
        db.inTransaction(
            c ->
                outbox.add(
                    c,
                    "h1",
                    tasks.get(0).taskId(),
                    1,
                    OutboxEntry.Kind.COMMAND,
                    m -> "cmd " + m,
                    10));
    OutboxEntry two =
        db.inTransaction(
            c ->
                outbox.add(
                    c,
                    "h1",
                    tasks.get(0).taskId(),
                    1,
                    OutboxEntry.Kind.CANCEL,
                    m -> "cancel " + m,
                    11));
    db.inTransaction(
        c ->
            outbox.add(
                c, "h2", tasks.get(1).taskId(), 1, OutboxEntry.Kind.COMMAND, m -> "cmd " + m, 12));
    assertThat(one.payload()).isEqualTo("cmd " + one.messageId());

    assertThat(db.<List<OutboxEntry>>read(c -> outbox.unacked(c, "h1")))
        .extracting(OutboxEntry::messageId)
        .containsExactly(one.messageId(), two.messageId());
    assertThat(db.<Boolean>inTransaction(c -> outbox.ack(c, "h2", one.messageId(), 20)))
        .as("another host cannot acknowledge h1's message")
        .isFalse();
    assertThat(db.<Boolean>inTransaction(c -> outbox.ack(c, "h1", one.messageId(), 20))).isTrue();
    assertThat(db.<List<OutboxEntry>>read(c -> outbox.unacked(c, "h1")))
        .extracting(OutboxEntry::kind)
        .containsExactly(OutboxEntry.Kind.CANCEL);

    db.inTransaction(
        c -> {
          outbox.ackAttempt(c, tasks.get(1).taskId(), 1, 30);
          return null;
        });
    assertThat(db.<List<OutboxEntry>>read(c -> outbox.unacked(c, "h2"))).isEmpty();
    assertThat(db.<Integer>inTransaction(c -> outbox.purgeAcked(c, 25))).isEqualTo(1);
    assertThat(db.<Integer>inTransaction(c -> outbox.purgeAcked(c, 100))).isEqualTo(1);
    assertThat(db.<List<OutboxEntry>>read(c -> outbox.unacked(c, "h1"))).hasSize(1);
  }

  @Test
  void aHostHoldsOneCredentialThatCanBeRevokedAndForgotten() throws Exception {
    db.inTransaction(
        c -> {
          credentials.put(c, new AgentCredential("h1", "aa", "01", 100, null));
          credentials.put(c, new AgentCredential("h1", "bb", "02", 200, null));
          credentials.put(c, new AgentCredential("h2", "cc", "03", 300, null));
          return null;
        });
    assertThat(db.<Optional<AgentCredential>>read(c -> credentials.ofToken(c, "aa"))).isEmpty();
    assertThat(db.<Optional<AgentCredential>>read(c -> credentials.ofToken(c, "bb")).orElseThrow())
        .isEqualTo(new AgentCredential("h1", "bb", "02", 200, null));
    assertThat(db.<Boolean>read(c -> credentials.revoke(c, "h1", 400))).isTrue();
    assertThat(db.<Boolean>read(c -> credentials.revoke(c, "h1", 500))).isFalse();
    assertThat(
            db.<Optional<AgentCredential>>read(c -> credentials.ofHost(c, "h1"))
                .orElseThrow()
                .revokedAt())
        .isEqualTo(400);
    assertThat(
            db.<Optional<AgentCredential>>read(c -> credentials.ofHost(c, "h2"))
                .orElseThrow()
                .revoked())
        .isFalse();
    assertThat(db.<Boolean>read(c -> credentials.forget(c, "h1"))).isTrue();
    assertThat(db.<List<AgentCredential>>read(credentials::all))
        .extracting(AgentCredential::hostname)
        .containsExactly("h2");
  }

  @Test
  void hostsRegisterAgainAndHeartbeat() throws Exception {
    Host h1 = new Host("h1", "Linux 6.1", 2, 1L << 34, "0.1.0", HostState.HEALTHY, 100, 100, 50);
    db.inTransaction(
        c -> {
          hosts.register(c, h1);
          hosts.setState(c, "h1", HostState.HEARTBEAT_LOST);
          return null;
        });
    assertThat(db.read(c -> hosts.host(c, "h1")).orElseThrow().state())
        .isEqualTo(HostState.HEARTBEAT_LOST);
    db.inTransaction(
        c -> {
          hosts.register(
              c,
              new Host("h1", "Linux 6.2", 4, 1L << 35, "0.2.0", HostState.HEALTHY, 200, 200, 150));
          hosts.heartbeat(c, "h1", 300);
          return null;
        });
    Host again = db.read(c -> hosts.host(c, "h1")).orElseThrow();
    assertThat(again.os()).isEqualTo("Linux 6.2");
    assertThat(again.cores()).isEqualTo(4);
    assertThat(again.memoryBytes()).isEqualTo(1L << 35);
    assertThat(again.state()).isEqualTo(HostState.HEALTHY);
    assertThat(again.lastHeartbeat()).isEqualTo(300);
    assertThat(again.agentStartTime()).isEqualTo(150);
    assertThat(db.<List<Host>>read(c -> hosts.all(c))).hasSize(1);
    assertThat(db.<Optional<Host>>read(c -> hosts.host(c, "h9"))).isEmpty();
  }

  @Test
  void fullOutputLivesApartAndIsPurgedByAge() throws Exception {
    long id = db.inTransaction(c -> requests.insert(c, twoStages(), 1000));
    List<Task> tasks = db.read(c -> requests.tasks(c, id));
    String big = "0123456789abcdef\n".repeat(60_000); // about 1 MB
    db.inTransaction(
        c -> {
          outputs.put(
              c, new TaskOutput(tasks.get(0).taskId(), 1, big, "warn\n", "{\"k\":1}", false, 100));
          outputs.put(c, new TaskOutput(tasks.get(1).taskId(), 1, "a", "", null, true, 500));
          outputs.put(c, new TaskOutput(tasks.get(1).taskId(), 2, "b", "", null, false, 600));
          return null;
        });
    TaskOutput first = db.read(c -> outputs.get(c, tasks.get(0).taskId())).orElseThrow();
    assertThat(first.stdout()).isEqualTo(big);
    assertThat(first.structuredOut()).isEqualTo("{\"k\":1}");
    TaskOutput second = db.read(c -> outputs.get(c, tasks.get(1).taskId())).orElseThrow();
    assertThat(second.attempt()).isEqualTo(2);
    assertThat(second.stdout()).isEqualTo("b");

    assertThat(db.<Integer>inTransaction(c -> outputs.purgeOlderThan(c, 550))).isEqualTo(1);
    assertThat(db.<Optional<TaskOutput>>read(c -> outputs.get(c, tasks.get(0).taskId()))).isEmpty();
    assertThat(db.<Optional<TaskOutput>>read(c -> outputs.get(c, tasks.get(1).taskId())))
        .isPresent();
  }

  @Test
  void unfinishedTasksOfOneHostAreFoundAcrossRequests() throws Exception {
    long a = db.inTransaction(c -> requests.insert(c, twoStages(), 1000));
    long b = db.inTransaction(c -> requests.insert(c, twoStages(), 1000));
    Task done = db.read(c -> requests.tasks(c, a)).get(0);
    db.inTransaction(
        c -> {
          requests.finish(
              c, done.taskId(), new TaskOutcome(TaskStatus.COMPLETED, 0, null, "", ""), 2000);
          return null;
        });
    List<Task> open = db.read(c -> requests.unfinishedTasksOn(c, "h1"));
    assertThat(open).extracting(Task::requestId).containsExactly(a, b, b);
    assertThat(open).noneMatch(t -> t.taskId() == done.taskId());
  }

  @Test
  void aFailedTransactionLeavesNothingBehind() throws Exception {
    assertThatThrownBy(
            () ->
                db.inTransaction(
                    c -> {
                      requests.insert(c, twoStages(), 1000);
                      throw new SQLException("simulated failure after the insert");
                    }))
        .hasMessageContaining("simulated");
    assertThat(db.<List<Request>>read(c -> requests.recentRequests(c, 10))).isEmpty();
  }

  @Test
  void aServiceTaskKeepsItsStepAndServicesKeepDefinitionsAndComponentStates() throws Exception {
    ServiceStep step =
        new ServiceStep(
            ServiceAction.RESTART,
            "demo",
            "web",
            new ComponentScripts(null, null, "start.sh", "stop.sh", "status.sh"),
            new Readiness(null, 8080, null, 30));
    RequestSpec spec =
        new RequestSpec(
            "restart",
            List.of(
                new StageSpec(
                    "web",
                    1.0,
                    false,
                    List.of(
                        new TaskSpec("h1", "web", "RESTART demo/web", 60, step),
                        new TaskSpec(
                            "h2",
                            "RUN",
                            "./run.sh",
                            60,
                            null,
                            new TaskInputs(
                                List.of(new TaskFile("run.sh", "dHJ1ZQo=", "0755")),
                                java.util.Map.of("A", "b")))))));
    long id = db.inTransaction(c -> requests.insert(c, spec, 1000));
    Task task = db.read(c -> requests.tasks(c, id)).get(0);
    assertThat(task.service()).isEqualTo(step);
    assertThat(task.command()).isEqualTo("RESTART demo/web");
    assertThat(task.inputs()).isNull();
    Task run = db.read(c -> requests.tasks(c, id)).get(1);
    assertThat(run.service()).isNull();
    assertThat(run.inputs().files()).containsExactly(new TaskFile("run.sh", "dHJ1ZQo=", "0755"));
    assertThat(run.inputs().env()).containsEntry("A", "b");

    ServiceStore services = new ServiceStore();
    boolean created = db.inTransaction(c -> services.put(c, "demo", "{\"v\":1}", 1000));
    boolean createdAgain = db.inTransaction(c -> services.put(c, "demo", "{\"v\":2}", 2000));
    assertThat(created).isTrue();
    assertThat(createdAgain).isFalse();
    Optional<String> stored = db.read(c -> services.get(c, "demo"));
    assertThat(stored).contains("{\"v\":2}");
    java.util.Map<String, String> all = db.read(services::all);
    assertThat(all).containsOnlyKeys("demo");
    db.inTransaction(
        c -> {
          services.putState(
              c, new ServiceStore.ComponentState("demo", "web", "h1", "STARTED", 1000));
          services.putState(
              c, new ServiceStore.ComponentState("demo", "web", "h2", "STARTED", 1000));
          services.putState(
              c, new ServiceStore.ComponentState("demo", "web", "h1", "INSTALLED", 2000));
          // a check older than the one stored, arriving late, changes nothing
          services.putState(
              c, new ServiceStore.ComponentState("demo", "web", "h1", "STARTED", 1500));
          return null;
        });
    int marked = db.inTransaction(c -> services.markHostUnknown(c, "h2", 3000));
    assertThat(marked).isEqualTo(1);
    List<ServiceStore.ComponentState> states = db.read(c -> services.states(c, "demo"));
    assertThat(states)
        .containsExactly(
            new ServiceStore.ComponentState("demo", "web", "h1", "INSTALLED", 2000),
            new ServiceStore.ComponentState("demo", "web", "h2", "UNKNOWN", 3000));
  }
}
