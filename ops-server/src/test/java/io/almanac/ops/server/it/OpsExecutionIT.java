package io.almanac.ops.server.it;

import static io.almanac.ops.server.it.OpsCluster.str;
import static io.almanac.ops.server.it.OpsCluster.task;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Requests run end to end: a real server and two real agents ("h1", "h2") in their own JVMs. */
class OpsExecutionIT {

  @TempDir Path dir;
  private OpsCluster cluster;

  @BeforeEach
  void start() throws Exception {
    cluster = new OpsCluster(dir, Duration.ofSeconds(5), null, null);
    cluster.startServer();
    cluster.startAgent("h1");
    cluster.startAgent("h2");
    cluster.awaitConnected("h1", "h2");
  }

  @AfterEach
  void stop() throws Exception {
    cluster.close();
  }

  /** A command that records when it started and ended in the test's directory. */
  private String timed(String name, double seconds) {
    Path marks = dir.resolve("marks");
    return "mkdir -p "
        + marks
        + "; date +%s%N > "
        + marks.resolve(name + ".start")
        + "; echo hello from "
        + name
        + "; sleep "
        + seconds
        + "; date +%s%N > "
        + marks.resolve(name + ".end");
  }

  private long mark(String name, String which) throws Exception {
    return Long.parseLong(
        Files.readString(dir.resolve("marks").resolve(name + "." + which)).strip());
  }

  @Test
  void stageOneRunsOnBothHostsInParallelAndStageTwoAfterIt() throws Exception {
    long id =
        cluster.submit(
            "{\"name\":\"two stages\",\"stages\":["
                + "{\"name\":\"first\",\"tasks\":["
                + "{\"host\":\"h1\",\"role\":\"SHELL\",\"command\":"
                + str(timed("a1", 1.5))
                + ",\"timeoutSeconds\":60},"
                + "{\"host\":\"h2\",\"role\":\"SHELL\",\"command\":"
                + str(timed("a2", 1.5))
                + ",\"timeoutSeconds\":60}]},"
                + "{\"name\":\"second\",\"tasks\":["
                + "{\"host\":\"h2\",\"role\":\"SHELL\",\"command\":"
                + str(timed("b2", 0.1))
                + ",\"timeoutSeconds\":60}]}]}");
    JsonNode done = cluster.awaitStatus(id, "COMPLETED", Duration.ofSeconds(60));

    assertThat(done.get("request").get("progressPercent").asInt()).isEqualTo(100);
    assertThat(mark("a1", "start")).as("stage 1 runs in parallel").isLessThan(mark("a2", "end"));
    assertThat(mark("a2", "start")).as("stage 1 runs in parallel").isLessThan(mark("a1", "end"));
    assertThat(mark("b2", "start"))
        .as("stage 2 starts after stage 1")
        .isGreaterThan(mark("a1", "end"))
        .isGreaterThan(mark("a2", "end"));

    JsonNode a1 = task(done, 1, "h1");
    assertThat(a1.get("status").asText()).isEqualTo("COMPLETED");
    assertThat(a1.get("exitCode").asInt()).isZero();
    assertThat(a1.get("attempt").asInt()).isEqualTo(1);
    assertThat(a1.get("stdoutTail").asText()).contains("hello from a1");
    JsonNode output =
        OpsCluster.json(
            cluster.get(
                "/api/v1/requests/" + id + "/tasks/" + a1.get("taskId").asLong() + "/output"));
    assertThat(output.get("stdout").asText()).isEqualTo("hello from a1\n");

    // The agent keeps Ambari's files for the task.
    Path agentDir = cluster.agentDir("h1");
    long taskId = a1.get("taskId").asLong();
    assertThat(agentDir.resolve("command-" + taskId + ".json")).exists();
    assertThat(Files.getPosixFilePermissions(agentDir.resolve("command-" + taskId + ".json")))
        .containsExactlyInAnyOrder(
            java.nio.file.attribute.PosixFilePermission.OWNER_READ,
            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    assertThat(Files.readString(agentDir.resolve("output-" + taskId + ".txt")))
        .isEqualTo("hello from a1\n");
    assertThat(agentDir.resolve("errors-" + taskId + ".txt")).exists();
  }

  @Test
  void aRetriedSubmitWithTheSameKeyReturnsTheFirstRequest() throws Exception {
    String body =
        "{\"name\":\"once\",\"stages\":[{\"name\":\"only\",\"tasks\":[{\"host\":\"h1\","
            + "\"command\":\"true\"}]}]}";
    HttpResponse<String> first = cluster.postWithKey("/api/v1/requests", body, "deploy-42");
    HttpResponse<String> again = cluster.postWithKey("/api/v1/requests", body, "deploy-42");
    HttpResponse<String> other = cluster.postWithKey("/api/v1/requests", body, "deploy-43");
    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(other.statusCode()).isEqualTo(201);
    long id = OpsCluster.json(first).get("id").asLong();
    assertThat(OpsCluster.json(again).get("id").asLong()).isEqualTo(id);
    assertThat(OpsCluster.json(other).get("id").asLong()).isNotEqualTo(id);
    assertThat(OpsCluster.json(cluster.get("/api/v1/requests"))).hasSize(2);
    assertThat(cluster.postWithKey("/api/v1/requests", body, " ").statusCode()).isEqualTo(400);
    cluster.awaitStatus(id, "COMPLETED", Duration.ofSeconds(30));
  }

  @Test
  void structuredOutputAndStderrComeBack() throws Exception {
    long id =
        cluster.submit(
            "{\"name\":\"structured\",\"stages\":[{\"name\":\"only\",\"tasks\":[{\"host\":\"h1\",\"command\":"
                + str("echo warn >&2; echo '{\"version\":\"1.2\"}' > \"$ALMANAC_STRUCTURED_OUT\"")
                + "}]}]}");
    JsonNode done = cluster.awaitStatus(id, "COMPLETED", Duration.ofSeconds(30));
    long taskId = task(done, 1, "h1").get("taskId").asLong();
    JsonNode output =
        OpsCluster.json(cluster.get("/api/v1/requests/" + id + "/tasks/" + taskId + "/output"));
    assertThat(output.get("stderr").asText()).isEqualTo("warn\n");
    assertThat(output.get("structuredOut").asText()).contains("\"version\":\"1.2\"");
    assertThat(task(done, 1, "h1").get("role").asText())
        .as("role defaults to SHELL")
        .isEqualTo("SHELL");
  }

  @Test
  void aFailingTaskFailsTheRequestAndAbortsWhatRemains() throws Exception {
    Path pid = dir.resolve("slow.pid");
    Path never = dir.resolve("never-ran");
    long id =
        cluster.submit(
            "{\"name\":\"fails\",\"stages\":["
                + "{\"name\":\"first\",\"tasks\":["
                + "{\"host\":\"h1\",\"command\":\"sleep 1; echo broken >&2; exit 3\",\"timeoutSeconds\":60},"
                + "{\"host\":\"h2\",\"command\":"
                + str("echo $$ > " + pid + "; exec sleep 300")
                + ",\"timeoutSeconds\":600}]},"
                + "{\"name\":\"second\",\"tasks\":["
                + "{\"host\":\"h1\",\"command\":"
                + str("touch " + never)
                + "}]}]}");
    JsonNode failed = cluster.awaitStatus(id, "FAILED", Duration.ofSeconds(60));

    JsonNode h1 = task(failed, 1, "h1");
    assertThat(h1.get("status").asText()).isEqualTo("FAILED");
    assertThat(h1.get("exitCode").asInt()).isEqualTo(3);
    assertThat(h1.get("stderrTail").asText()).contains("broken");
    JsonNode h2 = task(failed, 1, "h2");
    assertThat(h2.get("status").asText()).isEqualTo("ABORTED");
    assertThat(h2.get("detail").asText()).contains("stage 1");
    assertThat(task(failed, 2, "h1").get("status").asText()).isEqualTo("ABORTED");
    assertThat(failed.get("stages").get(0).get("status").asText()).isEqualTo("FAILED");

    OpsCluster.waitUntil(
        "the aborted sleep is killed on h2", Duration.ofSeconds(20), () -> !OpsCluster.alive(pid));
    Thread.sleep(500);
    assertThat(never).as("stage 2 never ran").doesNotExist();
  }

  @Test
  void aTimeoutKillsTheWholeProcessTree() throws Exception {
    Path child = dir.resolve("child.pid");
    Path parent = dir.resolve("parent.pid");
    long id =
        cluster.submit(
            "{\"name\":\"slow\",\"stages\":[{\"name\":\"only\",\"tasks\":[{\"host\":\"h1\",\"timeoutSeconds\":2,"
                + "\"command\":"
                + str("sleep 300 & echo $! > " + child + "; echo $$ > " + parent + "; sleep 300")
                + "}]}]}");
    JsonNode timedOut = cluster.awaitStatus(id, "TIMEDOUT", Duration.ofSeconds(30));
    JsonNode task = task(timedOut, 1, "h1");
    assertThat(task.get("status").asText()).isEqualTo("TIMEDOUT");
    assertThat(task.get("stderrTail").asText()).contains("timeout of 2 s");
    assertThat(OpsCluster.alive(child)).as("the background child is killed too").isFalse();
    assertThat(OpsCluster.alive(parent)).isFalse();
  }

  @Test
  void abortCancelsARunningTask() throws Exception {
    Path pid = dir.resolve("running.pid");
    long id =
        cluster.submit(
            "{\"name\":\"to abort\",\"stages\":[{\"name\":\"only\",\"tasks\":[{\"host\":\"h1\",\"timeoutSeconds\":600,"
                + "\"command\":"
                + str("echo $$ > " + pid + "; echo started; sleep 300")
                + "}]}]}");
    cluster.awaitRequest(
        id,
        Duration.ofSeconds(30),
        "task running",
        r -> task(r, 1, "h1").get("status").asText().equals("IN_PROGRESS"));
    OpsCluster.waitUntil("pid file", Duration.ofSeconds(10), () -> OpsCluster.alive(pid));

    var response =
        cluster.post("/api/v1/requests/" + id + "/abort?reason=operator%20said%20so", "");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode aborted = cluster.request(id);
    assertThat(aborted.get("request").get("status").asText()).isEqualTo("ABORTED");
    assertThat(aborted.get("request").get("abortReason").asText()).isEqualTo("operator said so");
    assertThat(task(aborted, 1, "h1").get("status").asText()).isEqualTo("ABORTED");

    OpsCluster.waitUntil(
        "the process is killed", Duration.ofSeconds(20), () -> !OpsCluster.alive(pid));
    // The killed process's own output still arrives, without changing the status.
    long taskId = task(aborted, 1, "h1").get("taskId").asLong();
    OpsCluster.waitUntil(
        "the cancelled attempt's output",
        Duration.ofSeconds(20),
        () ->
            cluster.get("/api/v1/requests/" + id + "/tasks/" + taskId + "/output").statusCode()
                == 200);
    JsonNode output =
        OpsCluster.json(cluster.get("/api/v1/requests/" + id + "/tasks/" + taskId + "/output"));
    assertThat(output.get("stdout").asText()).contains("started");
    assertThat(output.get("stderr").asText())
        .contains("Command aborted. Reason: 'request aborted: operator said so'");
    assertThat(task(cluster.request(id), 1, "h1").get("status").asText()).isEqualTo("ABORTED");
    assertThat(cluster.post("/api/v1/requests/" + id + "/abort", "").statusCode())
        .as("already ended")
        .isEqualTo(409);
  }

  @Test
  void badInputIsRefusedWithItsProblemsAndUnknownIdsAre404() throws Exception {
    var unknownHost =
        cluster.post(
            "/api/v1/requests",
            "{\"name\":\"x\",\"stages\":[{\"name\":\"s\",\"tasks\":[{\"host\":\"h9\",\"command\":\"true\"}]}]}");
    assertThat(unknownHost.statusCode()).isEqualTo(400);
    assertThat(unknownHost.body()).contains("h9").contains("not a registered agent");

    var typo =
        cluster.post(
            "/api/v1/requests",
            "{\"name\":\"x\",\"stages\":[{\"name\":\"s\",\"tasks\":[{\"host\":\"h1\",\"command\":\"true\",\"timeoutSecs\":5}]}]}");
    assertThat(typo.statusCode()).isEqualTo(400);
    assertThat(typo.body()).contains("timeoutSecs").contains("stages[0].tasks[0]");

    assertThat(cluster.post("/api/v1/requests", "{not json").statusCode()).isEqualTo(400);
    assertThat(cluster.post("/api/v1/requests", "").statusCode()).isEqualTo(400);
    assertThat(cluster.get("/api/v1/requests/424242").statusCode()).isEqualTo(404);
    assertThat(cluster.get("/api/v1/requests/abc").statusCode()).isEqualTo(404);
    assertThat(cluster.post("/api/v1/requests/424242/abort", "").statusCode()).isEqualTo(404);
    assertThat(cluster.get("/api/v1/requests/1/tasks/99/output").statusCode()).isEqualTo(404);
    assertThat(cluster.get("/api/v1/requests?limit=0").statusCode()).isEqualTo(400);
    assertThat(cluster.get("/api/v1/requests?limit=abc").statusCode()).isEqualTo(400);
    assertThat(OpsCluster.json(cluster.get("/api/v1/requests"))).isEmpty();

    JsonNode hosts = OpsCluster.json(cluster.get("/api/v1/hosts"));
    assertThat(hosts).hasSize(2);
    assertThat(hosts.get(0).get("state").asText()).isEqualTo("HEALTHY");
    assertThat(hosts.get(0).get("cores").asInt()).isPositive();
    assertThat(cluster.get("/").body()).contains("Almanac ops");
  }
}
