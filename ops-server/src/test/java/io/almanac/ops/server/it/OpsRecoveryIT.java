package io.almanac.ops.server.it;

import static io.almanac.ops.server.it.OpsCluster.str;
import static io.almanac.ops.server.it.OpsCluster.task;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.almanac.ops.server.testing.LocalPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Crashes and cuts: kill -9 of the server or of an agent, and an agent cut off from the server. */
class OpsRecoveryIT {

  @TempDir Path dir;
  private OpsCluster cluster;

  @AfterEach
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** A command that appends one line to a file per run, so a second run shows. */
  private String counted(String name, double seconds) {
    return "echo run >> "
        + dir.resolve("runs-" + name)
        + "; sleep "
        + seconds
        + "; echo "
        + name
        + " done";
  }

  private long runs(String name) throws Exception {
    Path file = dir.resolve("runs-" + name);
    return Files.exists(file) ? Files.readAllLines(file).size() : 0;
  }

  @Test
  void killingTheServerMidRequestLosesNothingAndRunsNoTaskTwice() throws Exception {
    serverCrashDrill(null, null);
  }

  @Test
  void theSameServerCrashDrillOnPostgreSQL() throws Exception {
    LocalPostgres postgres = LocalPostgres.shared();
    serverCrashDrill(postgres.newDatabase(), postgres.user());
  }

  private void serverCrashDrill(String dbUrl, String dbUser) throws Exception {
    cluster = new OpsCluster(dir, Duration.ofSeconds(5), dbUrl, dbUser);
    cluster.startServer();
    cluster.startAgent("h1");
    cluster.startAgent("h2");
    cluster.awaitConnected("h1", "h2");
    long id =
        cluster.submit(
            "{\"name\":\"survives\",\"stages\":["
                + "{\"name\":\"first\",\"tasks\":["
                + "{\"host\":\"h1\",\"command\":"
                + str(counted("a1", 3))
                + ",\"timeoutSeconds\":60},"
                + "{\"host\":\"h2\",\"command\":"
                + str(counted("a2", 3))
                + ",\"timeoutSeconds\":60}]},"
                + "{\"name\":\"second\",\"tasks\":["
                + "{\"host\":\"h1\",\"command\":"
                + str(counted("b1", 0.1))
                + ",\"timeoutSeconds\":60}]}]}");
    cluster.awaitRequest(
        id,
        Duration.ofSeconds(30),
        "stage 1 running on both hosts",
        r ->
            task(r, 1, "h1").get("status").asText().equals("IN_PROGRESS")
                && task(r, 1, "h2").get("status").asText().equals("IN_PROGRESS"));

    cluster.killServer();
    Thread.sleep(
        4000); // stage 1 finishes while the server is down; the reports wait in the journals
    assertThat(Files.list(cluster.agentDir("h1").resolve("journal")).count()).isEqualTo(1);
    cluster.startServer();

    JsonNode done = cluster.awaitStatus(id, "COMPLETED", Duration.ofSeconds(60));
    assertThat(runs("a1")).isEqualTo(1);
    assertThat(runs("a2")).isEqualTo(1);
    assertThat(runs("b1")).isEqualTo(1);
    assertThat(task(done, 1, "h1").get("stdoutTail").asText()).contains("a1 done");
    assertThat(task(done, 1, "h1").get("attempt").asInt()).isEqualTo(1);
    assertThat(task(done, 2, "h1").get("status").asText()).isEqualTo("COMPLETED");
    OpsCluster.waitUntil(
        "journals emptied by acknowledgements",
        Duration.ofSeconds(20),
        () ->
            Files.list(cluster.agentDir("h1").resolve("journal")).count() == 0
                && Files.list(cluster.agentDir("h2").resolve("journal")).count() == 0);
  }

  @Test
  void aCommandDispatchedWhileItsAgentWasAwaySurvivesAServerCrashAndRunsOnReconnect()
      throws Exception {
    cluster = new OpsCluster(dir, Duration.ofSeconds(30), null, null);
    cluster.startServer();
    cluster.startAgent("h1");
    cluster.awaitConnected("h1");
    cluster.killAgent("h1");
    OpsCluster.waitUntil(
        "h1 disconnected",
        Duration.ofSeconds(20),
        () -> !OpsCluster.json(cluster.get("/api/v1/hosts")).get(0).get("connected").asBoolean());

    long id =
        cluster.submit(
            "{\"name\":\"in flight\",\"stages\":[{\"name\":\"only\",\"tasks\":[{\"host\":\"h1\",\"command\":"
                + str(counted("f1", 0.1))
                + ",\"timeoutSeconds\":60}]}]}");
    cluster.awaitRequest(
        id,
        Duration.ofSeconds(10),
        "dispatched into the outbox",
        r -> task(r, 1, "h1").get("status").asText().equals("QUEUED"));
    // Ambari keeps such a message in memory only: after a crash it waits out the task's whole
    // timeout.
    cluster.killServer();
    cluster.startServer();
    cluster.startAgent("h1");

    JsonNode done = cluster.awaitStatus(id, "COMPLETED", Duration.ofSeconds(30));
    assertThat(task(done, 1, "h1").get("attempt").asInt()).isEqualTo(1);
    assertThat(runs("f1")).isEqualTo(1);
  }

  @Test
  void aKilledAgentFailsOnlyItsOwnUnfinishedTask() throws Exception {
    cluster = new OpsCluster(dir, Duration.ofSeconds(4), null, null);
    cluster.startServer();
    cluster.startAgent("h1");
    cluster.startAgent("h2");
    cluster.awaitConnected("h1", "h2");
    Path orphan = dir.resolve("orphan.pid");
    long id =
        cluster.submit(
            "{\"name\":\"host loss\",\"stages\":["
                + "{\"name\":\"tolerant\",\"successFraction\":0.5,\"tasks\":["
                + "{\"host\":\"h1\",\"command\":"
                + str(counted("a1", 0.5))
                + ",\"timeoutSeconds\":60},"
                + "{\"host\":\"h2\",\"command\":"
                + str("echo $$ > " + orphan + "; exec sleep 300")
                + ",\"timeoutSeconds\":600}]},"
                + "{\"name\":\"after\",\"tasks\":["
                + "{\"host\":\"h1\",\"command\":"
                + str(counted("b1", 0.1))
                + ",\"timeoutSeconds\":60}]}]}");
    try {
      JsonNode running =
          cluster.awaitRequest(
              id,
              Duration.ofSeconds(30),
              "h1 done and h2 running",
              r ->
                  task(r, 1, "h1").get("status").asText().equals("COMPLETED")
                      && task(r, 1, "h2").get("status").asText().equals("IN_PROGRESS"));
      String h1EndTime = task(running, 1, "h1").get("endTime").asText();

      cluster.killAgent("h2");
      long killedAt = System.nanoTime();
      JsonNode done = cluster.awaitStatus(id, "COMPLETED", Duration.ofSeconds(30));
      assertThat(Duration.ofNanos(System.nanoTime() - killedAt))
          .isGreaterThanOrEqualTo(Duration.ofSeconds(3));

      JsonNode lost = task(done, 1, "h2");
      assertThat(lost.get("status").asText()).isEqualTo("FAILED");
      assertThat(lost.get("detail").asText()).contains("host h2 lost");
      JsonNode kept = task(done, 1, "h1");
      assertThat(kept.get("status").asText())
          .as("the other host's task is untouched")
          .isEqualTo("COMPLETED");
      assertThat(kept.get("endTime").asText()).isEqualTo(h1EndTime);
      assertThat(task(done, 2, "h1").get("status").asText()).isEqualTo("COMPLETED");
      JsonNode hosts = OpsCluster.json(cluster.get("/api/v1/hosts"));
      assertThat(hosts.findValuesAsText("state")).containsExactly("HEALTHY", "HEARTBEAT_LOST");
    } finally {
      OpsCluster.killPid(orphan);
    }
  }

  @Test
  void anAgentCutOffFromTheServerDeliversItsReportAfterReconnecting() throws Exception {
    cluster = new OpsCluster(dir, Duration.ofSeconds(8), null, null);
    cluster.startServer();
    try (CuttableProxy network = new CuttableProxy(cluster.port())) {
      long id = runBehind(network, "c1");
      network.cut();
      Thread.sleep(3000); // the command finishes while the agent cannot reach the server
      assertThat(cluster.request(id).get("request").get("status").asText())
          .isEqualTo("IN_PROGRESS");
      assertThat(runs("c1")).isEqualTo(1);
      network.restore();

      JsonNode done = cluster.awaitStatus(id, "COMPLETED", Duration.ofSeconds(30));
      assertThat(task(done, 1, "h1").get("stdoutTail").asText()).contains("c1 done");
      assertThat(runs("c1")).isEqualTo(1);
    }
  }

  @Test
  void anAgentCutOffPastTheHeartbeatThresholdStillHasTheFinalSay() throws Exception {
    cluster = new OpsCluster(dir, Duration.ofSeconds(3), null, null);
    cluster.lostTaskDeadline(Duration.ofSeconds(120));
    cluster.startServer();
    try (CuttableProxy network = new CuttableProxy(cluster.port())) {
      long id = runBehind(network, "l1");
      network.cut();
      // The command finishes while the agent cannot reach the server, which declares the host lost.
      JsonNode lost =
          cluster.awaitRequest(
              id,
              Duration.ofSeconds(30),
              "task LOST",
              r -> task(r, 1, "h1").get("status").asText().equals("LOST"));
      assertThat(lost.get("request").get("status").asText()).isEqualTo("IN_PROGRESS");
      assertThat(task(lost, 1, "h1").get("detail").asText()).contains("host h1 lost");
      network.restore();

      JsonNode done = cluster.awaitStatus(id, "COMPLETED", Duration.ofSeconds(60));
      JsonNode task = task(done, 1, "h1");
      assertThat(task.get("status").asText()).isEqualTo("COMPLETED");
      assertThat(task.get("detail").asText()).contains("report arrived after host h1 came back");
      assertThat(task.get("stdoutTail").asText()).contains("l1 done");
      assertThat(runs("l1")).isEqualTo(1);
    }
  }

  /**
   * Starts agent h1 talking to the server through {@code network} and runs one counted 1.5 s
   * command there; returns the request id once the command runs.
   */
  private long runBehind(CuttableProxy network, String counter) throws Exception {
    cluster.startAgent("h1", network.port());
    cluster.awaitConnected("h1");
    long id =
        cluster.submit(
            "{\"name\":\"cut\",\"stages\":[{\"name\":\"only\",\"tasks\":[{\"host\":\"h1\",\"command\":"
                + str(counted(counter, 1.5))
                + ",\"timeoutSeconds\":60}]}]}");
    cluster.awaitRequest(
        id,
        Duration.ofSeconds(30),
        "running",
        r -> task(r, 1, "h1").get("status").asText().equals("IN_PROGRESS"));
    return id;
  }
}
