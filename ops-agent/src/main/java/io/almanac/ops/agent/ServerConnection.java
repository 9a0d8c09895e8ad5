package io.almanac.ops.agent;

import io.almanac.cli.TrustFiles;
import io.almanac.ops.protocol.Message;
import io.almanac.ops.protocol.Messages;
import io.almanac.ops.protocol.ProtocolException;
import io.almanac.ops.protocol.Register;
import io.almanac.ops.protocol.Registered;
import io.almanac.ops.protocol.Rejected;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's side of the channel: connects, registers, reconnects with growing delays when the
 * server goes away, and keeps the connection honest with pings. Owns the "agent-connect" thread.
 * Uses the JDK's WebSocket client.
 */
final class ServerConnection implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ServerConnection.class);
  private static final Duration REGISTER_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

  /** What the agent does with the connection's events. Called on the WebSocket's threads. */
  interface Handler {
    void registered(Registered registered);

    void received(Message message);
  }

  private final AgentSettings settings;
  private final Supplier<Register> registration;
  private final Handler handler;
  private final KeyStore trust;

  /** The credential in use and a client presenting it; replaced when the credential changes. */
  private AgentCredentials credential;

  private HttpClient http;
  private final Thread thread;
  private final Object sendLock = new Object();
  private volatile WebSocket socket;
  private volatile boolean registered;
  private volatile long lastHeard;
  private volatile boolean closing;

  ServerConnection(AgentSettings settings, Supplier<Register> registration, Handler handler)
      throws IOException {
    this.settings = settings;
    this.trust =
        settings.trustFile() == null
            ? null
            : TrustFiles.trustStore(settings.trustFile(), null, null);
    this.http = client(null);
    this.registration = registration;
    this.handler = handler;
    this.thread = new Thread(this::connectLoop, "agent-connect");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  boolean isRegistered() {
    return registered && socket != null;
  }

  /** Sends one message if registered; false when there is no connection right now. */
  boolean send(Message message) {
    WebSocket current = socket;
    if (current == null || !registered) {
      return false;
    }
    synchronized (sendLock) {
      try {
        current
            .sendText(Messages.toJson(message), true)
            .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return true;
      } catch (ExecutionException | TimeoutException e) {
        LOG.info("Send to the server failed ({}); reconnecting", e.getMessage());
        current.abort();
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  /**
   * Pings the server; a connection silent for longer than {@code silentLimit} is dropped so the
   * loop reconnects (a server that vanished without closing the TCP connection).
   */
  void checkAlive(Duration silentLimit) {
    WebSocket current = socket;
    if (current == null) {
      return;
    }
    if (System.nanoTime() - lastHeard > silentLimit.toNanos()) {
      LOG.warn("Nothing heard from the server for {} s; reconnecting", silentLimit.toSeconds());
      current.abort();
      return;
    }
    synchronized (sendLock) {
      current.sendPing(ByteBuffer.allocate(0));
    }
  }

  private void connectLoop() {
    long delayMillis = 500;
    while (!closing) {
      CountDownLatch closed = new CountDownLatch(1);
      CompletableFuture<Registered> answer = new CompletableFuture<>();
      try {
        if (!holdCredential()) {
          delayMillis = pause(delayMillis);
          continue;
        }
        WebSocket.Builder builder =
            http.newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + credential.token());
        WebSocket ws =
            builder
                .buildAsync(settings.server(), new Frames(closed, answer))
                .get(15, TimeUnit.SECONDS);
        lastHeard = System.nanoTime();
        ws.sendText(Messages.toJson(registration.get()), true)
            .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Registered welcome = answer.get(REGISTER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        socket = ws;
        registered = true;
        delayMillis = 500;
        LOG.info("Registered with {} as {}", settings.server(), settings.hostname());
        handler.registered(welcome);
        closed.await();
        LOG.warn("Connection to the server closed; reconnecting");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (ExecutionException | TimeoutException | RuntimeException e) {
        Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
        if (cause instanceof java.net.http.WebSocketHandshakeException refused) {
          int status = refused.getResponse().statusCode();
          boolean credentialRefused = status == 401 || status == 403;
          LOG.warn(
              "The ops server at {} refused this agent ({}): {}; retrying in {} ms",
              settings.server(),
              status,
              !credentialRefused
                  ? "not an ops server's agent channel?"
                  : settings.enrollToken() != null
                      ? "its credential was revoked or is unknown there; enrolling again"
                      : "its credential was revoked or is unknown there; give the server's"
                          + " enrollment token with --enroll-token-file to enroll again",
              delayMillis);
          if (credentialRefused && settings.enrollToken() != null) {
            forgetCredential();
          }
        } else {
          LOG.info(
              "Cannot reach the ops server at {}: {}; retrying in {} ms",
              settings.server(),
              cause,
              delayMillis);
        }
      } finally {
        registered = false;
        WebSocket old = socket;
        socket = null;
        if (old != null) {
          old.abort();
        }
      }
      if (closing) {
        return;
      }
      try {
        Thread.sleep(delayMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      delayMillis = Math.min(delayMillis * 2, settings.maxReconnectDelay().toMillis());
    }
  }

  /**
   * Makes sure the agent holds a credential: the kept one, or a new one from enrollment. False
   * (with the reason logged) when it has none for now.
   */
  private boolean holdCredential() throws InterruptedException {
    if (credential != null) {
      return true;
    }
    try {
      AgentCredentials kept = AgentCredentials.load(settings.dataDir(), settings.hostname());
      if (kept == null) {
        if (settings.enrollToken() == null) {
          LOG.error(
              "This agent holds no credential for {}: give the ops server's enrollment token"
                  + " with --enroll-token-file (<server data dir>/agent-enroll.token)",
              settings.hostname());
          return false;
        }
        kept =
            AgentCredentials.enroll(
                http,
                settings.enrollUri(),
                settings.enrollToken(),
                settings.hostname(),
                settings.dataDir());
        LOG.info(
            "Enrolled with {} as {}; the credential is kept in {}",
            settings.enrollUri(),
            settings.hostname(),
            AgentCredentials.directory(settings.dataDir()));
      }
      credential = kept;
      http = client(kept);
      return true;
    } catch (AgentCredentials.EnrollmentFailed e) {
      LOG.error("{}", e.getMessage());
    } catch (IOException e) {
      LOG.warn("Cannot enroll at {}: {}", settings.enrollUri(), e.toString());
    }
    return false;
  }

  private void forgetCredential() {
    credential = null;
    try {
      AgentCredentials.discard(settings.dataDir());
      http = client(null);
    } catch (IOException e) {
      LOG.warn("Cannot discard the refused credential: {}", e.getMessage());
    }
  }

  /** A client that trusts the configured CAs and presents {@code credential}'s certificate. */
  private HttpClient client(AgentCredentials credential) throws IOException {
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
    if (credential != null) {
      b.sslContext(credential.sslContext(trust));
    } else if (settings.trustFile() != null) {
      b.sslContext(TrustFiles.sslContext(settings.trustFile()));
    }
    return b.build();
  }

  private long pause(long delayMillis) throws InterruptedException {
    Thread.sleep(delayMillis);
    return Math.min(delayMillis * 2, settings.maxReconnectDelay().toMillis());
  }

  /** Frame assembly for one connection. */
  private final class Frames implements WebSocket.Listener {
    private final CountDownLatch closed;
    private final CompletableFuture<Registered> answer;
    private final StringBuilder partial = new StringBuilder();

    Frames(CountDownLatch closed, CompletableFuture<Registered> answer) {
      this.closed = closed;
      this.answer = answer;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      lastHeard = System.nanoTime();
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        dispatch(webSocket, text);
      }
      webSocket.request(1);
      return null;
    }

    private void dispatch(WebSocket webSocket, String text) {
      Message message;
      try {
        message = Messages.fromJson(text);
      } catch (ProtocolException e) {
        LOG.warn("Ignoring an unreadable message from the server: {}", e.getMessage());
        return;
      }
      if (message instanceof Registered welcome) {
        answer.complete(welcome);
      } else if (message instanceof Rejected rejected) {
        LOG.error("The ops server refused this agent: {}", rejected.reason());
        answer.completeExceptionally(new IllegalStateException("refused: " + rejected.reason()));
      } else {
        try {
          handler.received(message);
        } catch (RuntimeException e) {
          LOG.error("Handling a {} failed", message.getClass().getSimpleName(), e);
        }
      }
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
      lastHeard = System.nanoTime();
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      if (statusCode != WebSocket.NORMAL_CLOSURE) {
        LOG.info("The server closed the connection: {} {}", statusCode, reason);
      }
      answer.completeExceptionally(
          new IllegalStateException("closed: " + statusCode + " " + reason));
      closed.countDown();
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      answer.completeExceptionally(error);
      closed.countDown();
    }
  }

  @Override
  public void close() {
    closing = true;
    WebSocket current = socket;
    if (current != null) {
      try {
        current.sendClose(WebSocket.NORMAL_CLOSURE, "agent stopping").get(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        current.abort();
      }
    }
    thread.interrupt();
  }
}
