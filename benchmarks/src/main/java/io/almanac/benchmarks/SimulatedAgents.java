package io.almanac.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.almanac.ops.protocol.Ack;
import io.almanac.ops.protocol.Cancel;
import io.almanac.ops.protocol.Command;
import io.almanac.ops.protocol.Heartbeat;
import io.almanac.ops.protocol.Message;
import io.almanac.ops.protocol.Messages;
import io.almanac.ops.protocol.Register;
import io.almanac.ops.protocol.Registered;
import io.almanac.ops.protocol.Report;
import io.almanac.ops.protocol.ReportStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many ops agents in one JVM, speaking the real agent protocol over real WebSockets: each enrolls
 * with the enrollment token, connects with its own host token, registers, heartbeats at the
 * interval the server gives, acknowledges every command at once and reports it COMPLETED (exit 0)
 * with no delay. What they cannot do is run anything; that is the point: the server is what is
 * measured.
 */
final class SimulatedAgents implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final HttpClient http;
  private final ScheduledExecutorService heartbeats =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "simulated-heartbeats");
            t.setDaemon(true);
            return t;
          });
  private final List<Agent> agents = new ArrayList<>();
  private final AtomicLong commandsReceived = new AtomicLong();
  private final AtomicLong reportsSent = new AtomicLong();
  private final AtomicLong duplicateCommands = new AtomicLong();

  SimulatedAgents(URI base) {
    this.base = base;
    ExecutorService io = Executors.newFixedThreadPool(4, daemon("simulated-agents"));
    this.http = HttpClient.newBuilder().executor(io).connectTimeout(Duration.ofSeconds(10)).build();
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicLong n = new AtomicLong();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * Enrolls {@code count} hosts named {@code sim-00001}... and connects them; returns when all are
   * registered.
   */
  void start(int count, String enrollToken, Duration timeout) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    String publicKey =
        Base64.getEncoder().encodeToString(generator.generateKeyPair().getPublic().getEncoded());
    CountDownLatch registered = new CountDownLatch(count);
    ExecutorService enrollers = Executors.newFixedThreadPool(8, daemon("simulated-enroll"));
    try {
      List<CompletableFuture<Void>> started = new ArrayList<>();
      for (int i = 1; i <= count; i++) {
        Agent agent = new Agent(String.format("sim-%05d", i), registered);
        agents.add(agent);
        started.add(
            CompletableFuture.runAsync(
                () -> {
                  try {
                    agent.connect(enroll(agent.hostname, publicKey, enrollToken));
                  } catch (Exception e) {
                    throw new IllegalStateException(agent.hostname + ": " + e.getMessage(), e);
                  }
                },
                enrollers));
      }
      CompletableFuture.allOf(started.toArray(CompletableFuture[]::new)).join();
    } finally {
      enrollers.shutdown();
    }
    if (!registered.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(
          registered.getCount() + " of " + count + " agents not registered within " + timeout);
    }
  }

  private String enroll(String hostname, String publicKey, String enrollToken) throws Exception {
    String body = JSON.writeValueAsString(Map.of("hostname", hostname, "publicKey", publicKey));
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(base.resolve("/api/v1/agents/enroll"))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + enrollToken)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("enrollment answered " + response.statusCode());
    }
    return JSON.readTree(response.body()).path("token").asText();
  }

  List<String> hostnames() {
    return agents.stream().map(a -> a.hostname).toList();
  }

  long commandsReceived() {
    return commandsReceived.get();
  }

  long reportsSent() {
    return reportsSent.get();
  }

  /** Commands received again for a task and attempt already reported. */
  long duplicateCommands() {
    return duplicateCommands.get();
  }

  @Override
  public void close() {
    heartbeats.shutdownNow();
    for (Agent agent : agents) {
      agent.close();
    }
  }

  /** One simulated host. */
  private final class Agent implements WebSocket.Listener {
    private final String hostname;
    private final CountDownLatch registered;
    private final AtomicLong ids = new AtomicLong();
    private final java.util.Set<String> reported =
        java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final StringBuilder partial = new StringBuilder();
    private final Object sendLock = new Object();
    private CompletableFuture<WebSocket> sending;
    private volatile WebSocket socket;

    Agent(String hostname, CountDownLatch registered) {
      this.hostname = hostname;
      this.registered = registered;
    }

    void connect(String token) {
      socket =
          http.newWebSocketBuilder()
              .header("Authorization", "Bearer " + token)
              .connectTimeout(Duration.ofSeconds(30))
              .buildAsync(URI.create("ws://" + base.getAuthority() + "/agent/v1"), this)
              .join();
      sending = CompletableFuture.completedFuture(socket);
      send(
          new Register(
              ids.incrementAndGet(),
              Messages.PROTOCOL_VERSION,
              hostname,
              "Linux (simulated)",
              4,
              8L << 30,
              "simulator",
              System.currentTimeMillis()));
    }

    /** Sends in order: the JDK client allows one outstanding text frame per socket. */
    void send(Message message) {
      String text = Messages.toJson(message);
      synchronized (sendLock) {
        sending = sending.thenCompose(ws -> ws.sendText(text, true));
      }
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        handle(Messages.fromJson(text));
      }
      ws.request(1);
      return null;
    }

    private void handle(Message message) {
      if (message instanceof Registered r) {
        long every = Math.max(1, r.heartbeatIntervalSeconds());
        heartbeats.scheduleAtFixedRate(
            () -> send(new Heartbeat(ids.incrementAndGet(), System.currentTimeMillis())),
            every,
            every,
            TimeUnit.SECONDS);
        registered.countDown();
      } else if (message instanceof Command c) {
        commandsReceived.incrementAndGet();
        send(new Ack(ids.incrementAndGet(), c.id()));
        if (!reported.add(c.taskId() + "/" + c.attempt())) {
          duplicateCommands.incrementAndGet();
        }
        send(
            new Report(
                ids.incrementAndGet(),
                c.taskId(),
                c.attempt(),
                ReportStatus.COMPLETED,
                0,
                "",
                "",
                null,
                false));
        reportsSent.incrementAndGet();
      } else if (message instanceof Cancel c) {
        send(new Ack(ids.incrementAndGet(), c.id()));
      }
      // Acks of our reports and anything else need no answer.
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      System.err.println(
          hostname + ": connection closed by the server: " + statusCode + " " + reason);
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      System.err.println(hostname + ": " + error);
    }

    void close() {
      WebSocket ws = socket;
      if (ws != null) {
        ws.abort();
      }
    }
  }

  /** The JSON of a GET, with the admin token. */
  JsonNode get(String path, String adminToken) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + adminToken)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("GET " + path + " answered " + response.statusCode());
    }
    return JSON.readTree(response.body());
  }
}
