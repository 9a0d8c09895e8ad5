package io.almanac.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The ops server at cluster scale: starts a fresh ops server (embedded H2, or with {@code
 * ALMANAC_OPS_DB=postgres} a throwaway PostgreSQL of its own, {@link ThrowawayPostgres}), connects
 * AGENTS simulated agents ({@link SimulatedAgents}), submits one stage of TASKS tasks spread evenly
 * over them, and follows the request to its end.
 *
 * <p>{@code scripts/benchmark.sh ops [AGENTS] [TASKS]} writes {@code results/ops-<time>.json}.
 * Extra ops-server options go in {@code ALMANAC_OPS_ARGS}. By default a host's tasks have roles of
 * their own (TASK_0, TASK_1, ...) and run one at a time; with {@code
 * ALMANAC_OPS_PARALLEL_PER_HOST=N} they share one role in a stage with {@code parallelPerHost} N.
 */
public final class OpsBenchmark {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Duration REQUEST_DEADLINE = Duration.ofMinutes(15);

  private OpsBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    Path results = Path.of(args[1]);
    int agents = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
    int tasks = args.length > 3 ? Integer.parseInt(args[3]) : 10_000;
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("agents", agents);
    out.put("tasks", tasks);
    out.put("tasksPerHost", (tasks + agents - 1) / agents);
    String parallel = System.getenv().getOrDefault("ALMANAC_OPS_PARALLEL_PER_HOST", "");
    Integer parallelPerHost = parallel.isBlank() ? null : Integer.valueOf(parallel.trim());
    out.put("parallelPerHost", parallelPerHost);
    boolean postgres = "postgres".equals(System.getenv().getOrDefault("ALMANAC_OPS_DB", "h2"));
    out.put("database", postgres ? "PostgreSQL (default settings)" : "H2 (embedded)");

    Path work = results.resolve("work-ops");
    deleteRecursively(work);
    Files.createDirectories(work);
    ThrowawayPostgres pg = postgres ? ThrowawayPostgres.start(work.resolve("pg")) : null;
    try {
      run(root, work, agents, tasks, parallelPerHost, pg, out);
    } finally {
      if (pg != null) {
        pg.close();
      }
    }
    Files.createDirectories(results);
    Path file = results.resolve("ops-" + Instant.now().toString().replace(':', '-') + ".json");
    JSON.writeValue(file.toFile(), out);
    System.out.println(JSON.writeValueAsString(out));
    log("wrote " + file);
  }

  private static void run(
      Path root,
      Path work,
      int agents,
      int tasks,
      Integer parallelPerHost,
      ThrowawayPostgres pg,
      Map<String, Object> out)
      throws Exception {
    Path data = work.resolve("ops-server");
    int port = freePort();
    URI base = URI.create("http://127.0.0.1:" + port);
    List<String> cmd =
        new ArrayList<>(
            List.of(
                root.resolve("bin/almanac").toString(),
                "ops-server",
                "--bind",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--data-dir",
                data.toString()));
    if (pg != null) {
      cmd.addAll(List.of("--db-url", pg.url(), "--db-user", ThrowawayPostgres.USER));
    }
    String extra = System.getenv().getOrDefault("ALMANAC_OPS_ARGS", "").trim();
    if (!extra.isEmpty()) {
      cmd.addAll(List.of(extra.split("\\s+")));
      out.put("serverArgs", extra);
    }
    log("starting the ops server on port " + port);
    try (ServerProcess server =
            ServerProcess.start("ops-server", cmd, work.resolve("ops-server.log").toFile());
        RssSampler rss = new RssSampler(server);
        SimulatedAgents fleet = new SimulatedAgents(base)) {
      String admin = awaitToken(server, data.resolve("admin.token"));
      String enroll = awaitToken(server, data.resolve("agent-enroll.token"));
      awaitApi(server, base, admin);

      long t0 = System.nanoTime();
      fleet.start(agents, enroll, Duration.ofMinutes(5));
      out.put("registerSeconds", seconds(t0));
      log(agents + " agents registered in " + out.get("registerSeconds") + " s");

      double idleCpu0 = server.cpuSeconds();
      Thread.sleep(10_000);
      out.put("idleCpuPercent", round((server.cpuSeconds() - idleCpu0) / 10 * 100, 1));
      out.put("idleRssMb", server.rssKb() / 1024);

      double cpu0 = server.cpuSeconds();
      long t1 = System.nanoTime();
      long requestId = submit(base, admin, fleet.hostnames(), tasks, parallelPerHost);
      out.put("submitSeconds", seconds(t1));
      log("request " + requestId + " submitted in " + out.get("submitSeconds") + " s");
      JsonNode last = follow(fleet, admin, requestId);
      out.put("submitToCompletedSeconds", seconds(t1));
      out.put("status", last.path("status").asText());
      out.put("completedTasks", last.path("completedTaskCount").asInt());
      out.put("serverCpuSeconds", round(server.cpuSeconds() - cpu0, 1));
      JsonNode hosts = fleet.get("/api/v1/hosts", admin);
      int lost = 0;
      for (JsonNode host : hosts) {
        if (!"HEALTHY".equals(host.path("state").asText())) {
          lost++;
        }
      }
      out.put("falselyLostHosts", lost);
      out.put("commandsReceived", fleet.commandsReceived());
      out.put("duplicateCommands", fleet.duplicateCommands());
      server.rssKb();
      out.put("peakRssMb", server.peakRssKb() / 1024);
      out.put("serverLogWarnings", countWarnings(work.resolve("ops-server.log")));
    }
  }

  private static long submit(
      URI base, String admin, List<String> hosts, int tasks, Integer parallelPerHost)
      throws Exception {
    ObjectNode body = JSON.createObjectNode();
    body.put("name", "benchmark: " + tasks + " tasks on " + hosts.size() + " hosts");
    ArrayNode stages = body.putArray("stages");
    ObjectNode stage = stages.addObject();
    stage.put("name", "one stage");
    if (parallelPerHost != null) {
      stage.put("parallelPerHost", parallelPerHost);
    }
    ArrayNode taskList = stage.putArray("tasks");
    for (int i = 0; i < tasks; i++) {
      ObjectNode task = taskList.addObject();
      task.put("host", hosts.get(i % hosts.size()));
      // without parallelPerHost, one task per host and role in a stage
      task.put("role", parallelPerHost != null ? "TASK" : "TASK_" + (i / hosts.size()));
      task.put("command", "true");
      task.put("timeoutSeconds", 3600);
    }
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(base.resolve("/api/v1/requests"))
                .timeout(Duration.ofMinutes(5))
                .header("Authorization", "Bearer " + admin)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 201) {
      throw new IllegalStateException(
          "submit answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body()).path("id").asLong();
  }

  /** Polls the request list until the request has ended; returns its summary. */
  private static JsonNode follow(SimulatedAgents fleet, String admin, long requestId)
      throws Exception {
    long deadline = System.nanoTime() + REQUEST_DEADLINE.toNanos();
    long nextLog = 0;
    while (System.nanoTime() < deadline) {
      JsonNode summary = null;
      for (JsonNode request : fleet.get("/api/v1/requests?limit=5", admin)) {
        if (request.path("id").asLong() == requestId) {
          summary = request;
        }
      }
      if (summary == null) {
        throw new IllegalStateException("request " + requestId + " is not listed");
      }
      String status = summary.path("status").asText();
      if (!status.equals("PENDING") && !status.equals("IN_PROGRESS")) {
        return summary;
      }
      if (System.nanoTime() >= nextLog) {
        log(
            status
                + " "
                + summary.path("progressPercent").asInt()
                + " %, "
                + summary.path("completedTaskCount").asInt()
                + " tasks completed, "
                + fleet.commandsReceived()
                + " commands received");
        nextLog = System.nanoTime() + 10_000_000_000L;
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("request " + requestId + " did not end within 15 minutes");
  }

  private static String awaitToken(ServerProcess server, Path file) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.isRegularFile(file)) {
        String token = Files.readString(file).lines().findFirst().orElse("").trim();
        if (!token.isEmpty()) {
          return token;
        }
      }
      server.cpuSeconds(); // throws once the process is gone
      Thread.sleep(200);
    }
    throw new IllegalStateException("the ops server wrote no " + file.getFileName());
  }

  private static void awaitApi(ServerProcess server, URI base, String admin) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<Void> r =
            HTTP.send(
                HttpRequest.newBuilder(base.resolve("/api/v1/hosts"))
                    .header("Authorization", "Bearer " + admin)
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      server.cpuSeconds();
      Thread.sleep(200);
    }
    throw new IllegalStateException("the ops server did not answer within 3 minutes");
  }

  private static long countWarnings(Path log) throws IOException {
    try (Stream<String> lines = Files.lines(log)) {
      return lines.filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")).count();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static double seconds(long startNanos) {
    return round((System.nanoTime() - startNanos) / 1e9, 1);
  }

  private static double round(double v, int places) {
    double f = Math.pow(10, places);
    return Math.round(v * f) / f;
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static void log(String message) {
    System.err.println(Instant.now() + " " + message);
  }
}
