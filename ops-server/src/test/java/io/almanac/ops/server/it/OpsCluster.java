package io.almanac.ops.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real ops server and real agents, each in its own JVM on loopback, for the end-to-end tests. The
 * server runs with a 1 s heartbeat and a short heartbeat-lost threshold so host loss is quick to
 * observe. Everything is killed on close.
 */
final class OpsCluster implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final String JAVA =
      Path.of(System.getProperty("java.home"), "bin", "java").toString();

  private final Path dir;
  private final int port;
  private final String dbUrl;
  private final String dbUser;
  private final Duration lostAfter;
  private HttpClient http = HttpClient.newHttpClient();
  private final List<String> extraServerArgs = new ArrayList<>();
  private Path trustedCa;
  private final Map<String, Process> agents = new HashMap<>();
  private final List<Process> all = new ArrayList<>();
  private Process server;
  private int serverStarts;
  private Duration lostTaskDeadline = Duration.ofSeconds(5);

  OpsCluster(Path dir, Duration lostAfter, String dbUrl, String dbUser) throws IOException {
    this.dir = dir;
    this.port = freePort();
    this.lostAfter = lostAfter;
    this.dbUrl = dbUrl;
    this.dbUser = dbUser;
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  int port() {
    return port;
  }

  /**
   * How long the server lets a LOST task wait for its agent's report (default 5 s); set before
   * starting it.
   */
  void lostTaskDeadline(Duration deadline) {
    this.lostTaskDeadline = deadline;
  }

  Path dir() {
    return dir;
  }

  /** Further options for the server; set before starting it. */
  void serverArgs(String... args) {
    extraServerArgs.addAll(List.of(args));
  }

  /**
   * Runs the server with TLS ({@code certificate}, {@code key}); the test's client and the agents
   * trust {@code ca}. Set before starting anything.
   */
  void tls(Path certificate, Path key, Path ca) throws IOException {
    serverArgs("--tls-certificate", certificate.toString(), "--tls-private-key", key.toString());
    trustedCa = ca;
    http = HttpClient.newBuilder().sslContext(io.almanac.cli.TrustFiles.sslContext(ca)).build();
  }

  /** The server's base address, http or https. */
  String base(int serverPort) {
    return (trustedCa != null ? "https" : "http") + "://127.0.0.1:" + serverPort;
  }

  HttpClient client() {
    return http;
  }

  /** Starts the server and waits until its API answers. */
  void startServer() throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--bind",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--data-dir",
                dir.resolve("server").toString(),
                "--heartbeat-interval",
                "1s",
                "--heartbeat-lost-after",
                lostAfter.toSeconds() + "s",
                "--task-timeout-grace",
                "30s",
                "--lost-task-deadline",
                lostTaskDeadline.toSeconds() + "s"));
    if (dbUrl != null) {
      args.addAll(List.of("--db-url", dbUrl, "--db-user", dbUser));
    }
    args.addAll(extraServerArgs);
    server = launch("io.almanac.ops.server.Main", "server-" + ++serverStarts, args);
    waitUntil(
        "the ops server answers",
        Duration.ofSeconds(60),
        () -> {
          try {
            return get("/api/v1/hosts").statusCode() == 200;
          } catch (IOException e) {
            return false;
          }
        });
  }

  void killServer() throws InterruptedException {
    server.destroyForcibly();
    server.waitFor(10, TimeUnit.SECONDS);
  }

  /** Starts an agent registering as {@code hostname}, talking to {@code serverPort}. */
  void startAgent(String hostname, int serverPort) throws Exception {
    launchAgent(hostname, serverPort, true);
  }

  /** Starts an agent that presents no enrollment token. */
  void startAgentWithoutToken(String hostname) throws Exception {
    launchAgent(hostname, port, false);
  }

  private void launchAgent(String hostname, int serverPort, boolean withToken) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--server",
                base(serverPort),
                "--hostname",
                hostname,
                "--data-dir",
                agentDir(hostname).toString()));
    if (withToken) {
      args.addAll(
          List.of(
              "--enroll-token-file",
              dir.resolve("server").resolve("agent-enroll.token").toString()));
    }
    if (trustedCa != null) {
      args.addAll(List.of("--ca", trustedCa.toString()));
    }
    agents.put(hostname, launch("io.almanac.ops.agent.AgentMain", "agent-" + hostname, args));
  }

  /** The token of {@code file} in the server's data directory ({@code admin.token}, ...). */
  String serverToken(String file) throws IOException {
    return Files.readString(dir.resolve("server").resolve(file)).strip();
  }

  void startAgent(String hostname) throws Exception {
    startAgent(hostname, port);
  }

  Path agentDir(String hostname) {
    return dir.resolve("agent-" + hostname);
  }

  void killAgent(String hostname) throws InterruptedException {
    Process agent = agents.remove(hostname);
    agent.destroyForcibly();
    agent.waitFor(10, TimeUnit.SECONDS);
  }

  /** Waits until every named host is registered and connected. */
  void awaitConnected(String... hostnames) throws Exception {
    waitUntil(
        "agents " + List.of(hostnames) + " connected",
        Duration.ofSeconds(60),
        () -> {
          JsonNode hosts = json(get("/api/v1/hosts"));
          int found = 0;
          for (JsonNode host : hosts) {
            if (List.of(hostnames).contains(host.get("hostname").asText())
                && host.get("connected").asBoolean()) {
              found++;
            }
          }
          return found == hostnames.length;
        });
  }

  private Process launch(String mainClass, String name, List<String> args) throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                JAVA,
                "-Xmx128m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                mainClass));
    command.addAll(args);
    Path log = dir.resolve(name + ".log");
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    all.add(process);
    return process;
  }

  // ---- REST helpers ----

  HttpResponse<String> get(String path) throws IOException {
    return getAs(path, adminToken());
  }

  HttpResponse<String> post(String path, String body) throws IOException {
    return postAs(path, body, adminToken());
  }

  /** A PUT of JSON with the admin token. */
  HttpResponse<String> put(String path, String body) throws IOException {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + adminToken())
            .PUT(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  /** A DELETE with the admin token. */
  HttpResponse<String> delete(String path) throws IOException {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).DELETE();
    b.header("Authorization", "Bearer " + adminToken());
    return send(b.build());
  }

  /** A GET with {@code token} as Bearer (null: no credentials). */
  HttpResponse<String> getAs(String path, String token) throws IOException {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return send(b.build());
  }

  /** A POST with {@code token} as Bearer (null: no credentials). */
  HttpResponse<String> postAs(String path, String body, String token) throws IOException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return send(b.build());
  }

  /** A POST with the admin token and an {@code Idempotency-Key} header. */
  HttpResponse<String> postWithKey(String path, String body, String key) throws IOException {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + adminToken())
            .header("Idempotency-Key", key)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  /** The server's admin token, once it has written one. */
  private String adminToken() throws IOException {
    Path file = dir.resolve("server").resolve("admin.token");
    return Files.exists(file) ? Files.readString(file).strip() : null;
  }

  private URI uri(String path) {
    return URI.create(base(port) + path);
  }

  private HttpResponse<String> send(HttpRequest request) throws IOException {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  static JsonNode json(HttpResponse<String> response) throws IOException {
    return JSON.readTree(response.body());
  }

  /** Submits a request and returns its id; fails on anything but 201. */
  long submit(String body) throws IOException {
    HttpResponse<String> response = post("/api/v1/requests", body);
    if (response.statusCode() != 201) {
      throw new AssertionError("submit answered " + response.statusCode() + ": " + response.body());
    }
    return json(response).get("id").asLong();
  }

  JsonNode request(long id) throws IOException {
    return json(get("/api/v1/requests/" + id));
  }

  /** Waits for the request to satisfy {@code condition}; returns its last state. */
  JsonNode awaitRequest(long id, Duration timeout, String what, Predicate<JsonNode> condition)
      throws Exception {
    JsonNode[] last = new JsonNode[1];
    try {
      waitUntil(what, timeout, () -> condition.test(last[0] = request(id)));
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; last state: " + last[0], e);
    }
    return last[0];
  }

  JsonNode awaitStatus(long id, String status, Duration timeout) throws Exception {
    return awaitRequest(
        id,
        timeout,
        "request " + id + " " + status,
        r -> r.get("request").get("status").asText().equals(status));
  }

  /** The task of a request on {@code host} in stage {@code stageId}. */
  static JsonNode task(JsonNode request, int stageId, String host) {
    for (JsonNode stage : request.get("stages")) {
      if (stage.get("stageId").asInt() == stageId) {
        for (JsonNode task : stage.get("tasks")) {
          if (task.get("host").asText().equals(host)) {
            return task;
          }
        }
      }
    }
    throw new AssertionError("no task on " + host + " in stage " + stageId + ": " + request);
  }

  @FunctionalInterface
  interface Check {
    boolean holds() throws Exception;
  }

  static void waitUntil(String what, Duration timeout, Check check) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (check.holds()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "timed out after " + timeout.toSeconds() + " s waiting for " + what);
      }
      Thread.sleep(100);
    }
  }

  /** A one-line JSON string literal. */
  static String str(String text) {
    try {
      return JSON.writeValueAsString(text);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static boolean alive(Path pidFile) throws IOException {
    if (!Files.exists(pidFile)) {
      return false;
    }
    long pid = Long.parseLong(Files.readString(pidFile).strip());
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  static void killPid(Path pidFile) throws IOException {
    if (Files.exists(pidFile)) {
      long pid = Long.parseLong(Files.readString(pidFile).strip());
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  @Override
  public void close() throws InterruptedException {
    for (Process process : all) {
      process.destroyForcibly();
    }
    for (Process process : all) {
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
