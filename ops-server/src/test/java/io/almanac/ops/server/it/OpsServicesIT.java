package io.almanac.ops.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Services end to end: a real server, two real agents ("h1", "h2"), and a demo service of shell
 * scripts around {@code sleep} daemons with pid files, which log every start and stop to one file.
 */
class OpsServicesIT {

  @TempDir Path dir;
  private OpsCluster cluster;
  private Path events;

  @BeforeEach
  void start() throws Exception {
    cluster = new OpsCluster(dir, Duration.ofSeconds(5), null, null);
    cluster.serverArgs("--status-check-interval", "1s");
    cluster.startServer();
    cluster.startAgent("h1");
    cluster.startAgent("h2");
    cluster.awaitConnected("h1", "h2");
    events = dir.resolve("events.log");
  }

  @AfterEach
  void stop() throws Exception {
    cluster.close();
    for (String host : List.of("h1", "h2")) {
      Path services = cluster.agentDir(host).resolve("services");
      if (Files.isDirectory(services)) {
        try (Stream<Path> files = Files.walk(services)) {
          for (Path pid : files.filter(f -> f.getFileName().toString().equals("pid")).toList()) {
            ProcessHandle.of(Long.parseLong(Files.readString(pid).strip()))
                .ifPresent(ProcessHandle::destroyForcibly);
          }
        }
      }
    }
  }

  /** A component whose daemon is ready a second after it starts; its status as given. */
  private ObjectNode component(String name, String category, List<String> hosts, String status) {
    String log = "echo \"%s $ALMANAC_COMPONENT $ALMANAC_HOST\" >> " + events;
    ObjectNode c = OpsCluster.JSON.createObjectNode();
    c.put("name", name);
    c.put("category", category);
    hosts.forEach(c.withArray("hosts")::add);
    ObjectNode scripts = c.putObject("scripts");
    scripts.put("install", "true");
    scripts.put(
        "start",
        "rm -f \"$ALMANAC_STATE_DIR/ready\"; nohup bash -c 'sleep 1; touch \"$ALMANAC_STATE_DIR/ready\";"
            + " exec sleep 300' > /dev/null 2>&1 & echo $! > \"$ALMANAC_STATE_DIR/pid\"; "
            + log.formatted("start"));
    scripts.put(
        "stop",
        "kill $(cat \"$ALMANAC_STATE_DIR/pid\") 2>/dev/null; rm -f \"$ALMANAC_STATE_DIR/ready\"; "
            + log.formatted("stop"));
    scripts.put("status", status);
    c.putObject("readiness")
        .put("command", "test -f \"$ALMANAC_STATE_DIR/ready\" && " + log.formatted("ready"))
        .put("timeoutSeconds", 30);
    c.put("timeoutSeconds", 60);
    return c;
  }

  private static final String STATUS =
      "kill -0 $(cat \"$ALMANAC_STATE_DIR/pid\" 2>/dev/null) 2>/dev/null && exit 0; exit 3";

  private String demo() {
    ObjectNode def = OpsCluster.JSON.createObjectNode();
    ArrayNode components = def.putArray("components");
    components.add(component("store", "MASTER", List.of("h1"), STATUS));
    ObjectNode web = component("web", "WORKER", List.of("h1", "h2"), STATUS);
    web.putArray("startAfter").add("store");
    components.add(web);
    components.add(
        OpsCluster.JSON
            .createObjectNode()
            .put("name", "cli")
            .put("category", "CLIENT")
            .set("hosts", OpsCluster.JSON.createArrayNode().add("h2")));
    return def.toString();
  }

  private List<String> events() throws Exception {
    return Files.readAllLines(events);
  }

  private long act(String service, String body) throws Exception {
    HttpResponse<String> r = cluster.post("/api/v1/services/" + service + "/actions", body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    return OpsCluster.json(r).get("id").asLong();
  }

  private static String state(JsonNode service, String component, String host) {
    for (JsonNode c : service.get("components")) {
      if (c.get("name").asText().equals(component)) {
        return c.get("state").get(host).get("state").asText();
      }
    }
    throw new AssertionError("no component " + component + " in " + service);
  }

  @Test
  void aServiceStartsInOrderRestartsRollingAndShowsItsState() throws Exception {
    HttpResponse<String> put = cluster.put("/api/v1/services/demo", demo());
    assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
    assertThat(state(OpsCluster.json(put), "web", "h2")).isEqualTo("UNKNOWN");
    assertThat(cluster.put("/api/v1/services/demo", demo()).statusCode()).isEqualTo(200);

    long start = act("demo", "{\"action\":\"START\"}");
    JsonNode started = cluster.awaitStatus(start, "COMPLETED", Duration.ofSeconds(90));
    assertThat(started.get("stages")).hasSize(2); // store, then web; the CLIENT is not started
    List<String> log = events();
    assertThat(log.indexOf("ready store h1"))
        .as("web starts only once store is ready: " + log)
        .isGreaterThanOrEqualTo(0)
        .isLessThan(log.indexOf("start web h1"))
        .isLessThan(log.indexOf("start web h2"));
    assertThat(log).contains("ready web h1", "ready web h2");
    JsonNode demo = OpsCluster.json(cluster.get("/api/v1/services/demo"));
    assertThat(state(demo, "store", "h1")).isEqualTo("STARTED");
    assertThat(state(demo, "web", "h1")).isEqualTo("STARTED");
    assertThat(state(demo, "web", "h2")).isEqualTo("STARTED");
    assertThat(state(demo, "cli", "h2")).isEqualTo("UNKNOWN");

    Files.delete(events);
    long restart = act("demo", "{\"action\":\"RESTART\",\"components\":[\"web\"],\"batchSize\":1}");
    cluster.awaitStatus(restart, "COMPLETED", Duration.ofSeconds(90));
    assertThat(events())
        .as("one host at a time: h2 is stopped only once h1 is back and ready")
        .containsExactly(
            "stop web h1",
            "start web h1",
            "ready web h1",
            "stop web h2",
            "start web h2",
            "ready web h2");

    // A daemon killed behind the server's back: the agent's own status checks find it stopped.
    Path pid = cluster.agentDir("h2").resolve("services/demo/web/pid");
    long daemon = Long.parseLong(Files.readString(pid).strip());
    ProcessHandle.of(daemon).ifPresent(ProcessHandle::destroyForcibly);
    awaitState("web", "h2", "INSTALLED");
    JsonNode all = OpsCluster.json(cluster.get("/api/v1/services"));
    assertThat(all).hasSize(1);
    assertThat(state(all.get(0), "web", "h1")).isEqualTo("STARTED");

    // A STATUS action says the same.
    long status = act("demo", "{\"action\":\"STATUS\"}");
    cluster.awaitStatus(status, "COMPLETED", Duration.ofSeconds(60));
    assertThat(state(OpsCluster.json(cluster.get("/api/v1/services/demo")), "web", "h2"))
        .isEqualTo("INSTALLED");

    // A lost host: what ran there is no longer known.
    cluster.killAgent("h2");
    awaitState("web", "h2", "UNKNOWN");
    assertThat(state(OpsCluster.json(cluster.get("/api/v1/services/demo")), "store", "h1"))
        .isEqualTo("STARTED");
  }

  private void awaitState(String component, String host, String expected) throws Exception {
    awaitState("demo", component, host, expected);
  }

  private void awaitState(String service, String component, String host, String expected)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    String last = null;
    while (System.nanoTime() < deadline) {
      last = state(OpsCluster.json(cluster.get("/api/v1/services/" + service)), component, host);
      if (last.equals(expected)) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError(component + " on " + host + " is " + last + ", not " + expected);
  }

  @Test
  void aStatusThatExitsOneAfterStopFailsTheRestartNamingTheCode() throws Exception {
    String broken =
        "kill -0 $(cat \"$ALMANAC_STATE_DIR/pid\" 2>/dev/null) 2>/dev/null && exit 0;"
            + " echo 'no pid file' >&2; exit 1";
    ObjectNode def = OpsCluster.JSON.createObjectNode();
    def.putArray("components").add(component("server", "MASTER", List.of("h1"), broken));
    assertThat(cluster.put("/api/v1/services/broken", def.toString()).statusCode()).isEqualTo(201);
    cluster.awaitStatus(
        act("broken", "{\"action\":\"START\"}"), "COMPLETED", Duration.ofSeconds(60));

    long restart = act("broken", "{\"action\":\"RESTART\"}");
    JsonNode failed = cluster.awaitStatus(restart, "FAILED", Duration.ofSeconds(60));
    JsonNode task = OpsCluster.task(failed, 1, "h1");
    assertThat(task.get("status").asText()).isEqualTo("FAILED");
    assertThat(task.get("exitCode").asInt()).isEqualTo(1);
    assertThat(task.get("stderrTail").asText())
        .contains("status of broken/server exited 1 after stop")
        .contains("no pid file");
    assertThat(events())
        .as("stopped, and not started again after the broken status")
        .containsExactly("start server h1", "ready server h1", "stop server h1");
    assertThat(state(OpsCluster.json(cluster.get("/api/v1/services/broken")), "server", "h1"))
        .isEqualTo("UNKNOWN");
  }

  @Test
  void badDefinitionsAndActionsAreRefusedWithEveryProblemNamed() throws Exception {
    ObjectNode def = OpsCluster.JSON.createObjectNode();
    ArrayNode components = def.putArray("components");
    ObjectNode a = component("a", "WORKER", List.of("h1"), STATUS);
    a.putArray("startAfter").add("b");
    ObjectNode b = component("b", "WORKER", List.of("h1"), STATUS);
    b.putArray("startAfter").add("a");
    components.add(a).add(b);
    HttpResponse<String> cycle = cluster.put("/api/v1/services/loop", def.toString());
    assertThat(cycle.statusCode()).isEqualTo(400);
    assertThat(cycle.body()).contains("startAfter makes a cycle: a -> b -> a");

    ((ObjectNode) components.get(1)).remove("startAfter");
    ((ObjectNode) components.get(1).get("scripts")).remove("status");
    HttpResponse<String> noStatus = cluster.put("/api/v1/services/loop", def.toString());
    assertThat(noStatus.statusCode()).isEqualTo(400);
    assertThat(noStatus.body()).contains("components[1].scripts.status is required");

    assertThat(cluster.put("/api/v1/services/demo", demo()).statusCode()).isEqualTo(201);
    HttpResponse<String> unknown =
        cluster.post(
            "/api/v1/services/demo/actions", "{\"action\":\"START\",\"components\":[\"x\"]}");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.body()).contains("\\\"x\\\" is not a component of demo");
    assertThat(cluster.post("/api/v1/services/nope/actions", "{\"action\":\"START\"}").statusCode())
        .isEqualTo(404);
    assertThat(
            cluster.post("/api/v1/services/demo/actions", "{\"action\":\"REBOOT\"}").statusCode())
        .isEqualTo(400);
  }

  @Test
  void aComponentFoundStoppedIsStartedAgainAtMostThreeTimesAnHour() throws Exception {
    ObjectNode def = OpsCluster.JSON.createObjectNode();
    def.putArray("components")
        .add(component("server", "MASTER", List.of("h1"), STATUS).put("autoRecovery", true));
    assertThat(cluster.put("/api/v1/services/healing", def.toString()).statusCode()).isEqualTo(201);
    cluster.awaitStatus(
        act("healing", "{\"action\":\"START\"}"), "COMPLETED", Duration.ofSeconds(60));
    Path pidFile = cluster.agentDir("h1").resolve("services/healing/server/pid");
    for (int i = 1; i <= 3; i++) {
      long killed = Long.parseLong(Files.readString(pidFile).strip());
      ProcessHandle.of(killed).ifPresent(ProcessHandle::destroyForcibly);
      awaitRecovered("RECOVER healing/server on h1 (" + i + " of 3 this hour)");
      long now = Long.parseLong(Files.readString(pidFile).strip());
      assertThat(now).isNotEqualTo(killed);
      assertThat(alive(now)).as("recovery " + i + " started the server again").isTrue();
    }
    awaitState("healing", "server", "h1", "STARTED");

    // the fourth time in the hour it stays down
    ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip()))
        .ifPresent(ProcessHandle::destroyForcibly);
    awaitState("healing", "server", "h1", "INSTALLED");
    Thread.sleep(3000);
    assertThat(state(OpsCluster.json(cluster.get("/api/v1/services/healing")), "server", "h1"))
        .isEqualTo("INSTALLED");
    List<String> recoveries = new java.util.ArrayList<>();
    for (JsonNode r : OpsCluster.json(cluster.get("/api/v1/requests"))) {
      if (r.get("name").asText().startsWith("RECOVER")) {
        recoveries.add(r.get("name").asText());
      }
    }
    assertThat(recoveries)
        .containsExactlyInAnyOrder(
            "RECOVER healing/server on h1 (1 of 3 this hour)",
            "RECOVER healing/server on h1 (2 of 3 this hour)",
            "RECOVER healing/server on h1 (3 of 3 this hour)");
    assertThat(events()).filteredOn(e -> e.equals("start server h1")).hasSize(4);
  }

  /** Waits until the request named {@code name} has COMPLETED. */
  private void awaitRecovered(String name) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      for (JsonNode r : OpsCluster.json(cluster.get("/api/v1/requests"))) {
        if (r.get("name").asText().equals(name) && r.get("status").asText().equals("COMPLETED")) {
          return;
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError(
        "no COMPLETED request \"" + name + "\": " + cluster.get("/api/v1/requests").body());
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }
}
