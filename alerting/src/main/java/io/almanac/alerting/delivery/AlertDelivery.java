package io.almanac.alerting.delivery;

import io.almanac.alerting.AlertNotifier;
import io.almanac.alerting.OutgoingAlert;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends alerts to every target from a bounded queue, on a thread it owns ({@code
 * almanac-alert-delivery}), in batches of up to 64. A failed post is retried with a doubling
 * backoff; a batch that still fails is counted and logged (firing alerts are sent again at the next
 * resend anyway). When the queue is full the oldest alerts are dropped, counted and logged:
 * evaluation never waits for delivery.
 */
public final class AlertDelivery implements AlertNotifier, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AlertDelivery.class);
  private static final int BATCH = 64;

  /**
   * How delivery behaves.
   *
   * @param capacity alerts the queue holds
   * @param attempts posts per batch and target before it counts as failed
   * @param firstBackoff the wait after the first failure; doubled each time
   * @param timeout the timeout of one post
   * @param externalUrl the collector's address, for webhook messages
   */
  public record Settings(
      int capacity, int attempts, Duration firstBackoff, Duration timeout, String externalUrl) {}

  private final List<DeliveryTarget> targets;
  private final Settings settings;
  private final BlockingQueue<OutgoingAlert> queue;

  /** Held while one call's alerts are queued, and while the sender takes a batch. */
  private final Object enqueueing = new Object();

  private final HttpClient http;
  private final Thread sender;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private volatile boolean running = true;

  /** Delivery to {@code targets}; its thread starts here, so create it where it is owned. */
  public AlertDelivery(List<DeliveryTarget> targets, Settings settings) {
    this.targets = List.copyOf(targets);
    this.settings = settings;
    this.queue = new ArrayBlockingQueue<>(settings.capacity());
    this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
    this.sender = new Thread(this::run, "almanac-alert-delivery");
    sender.setDaemon(true);
    sender.start();
  }

  @Override
  public void send(List<OutgoingAlert> alerts) {
    if (targets.isEmpty()) {
      return;
    }
    int lost = 0;
    synchronized (enqueueing) { // one evaluation's alerts go out in one batch
      for (OutgoingAlert a : alerts) {
        while (!queue.offer(a)) {
          if (queue.poll() != null) {
            lost++;
          }
        }
      }
    }
    if (lost > 0) {
      dropped.addAndGet(lost);
      LOG.warn(
          "Alert delivery queue full ({}): dropped the {} oldest alerts",
          settings.capacity(),
          lost);
    }
  }

  /** Alerts delivered, counted per target. */
  public long sent() {
    return sent.get();
  }

  /** Alerts whose delivery failed after every attempt, counted per target. */
  public long failed() {
    return failed.get();
  }

  /** Alerts dropped from a full queue. */
  public long dropped() {
    return dropped.get();
  }

  /** Alerts waiting. */
  public int queued() {
    return queue.size();
  }

  private void run() {
    while (running || !queue.isEmpty()) {
      try {
        OutgoingAlert first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        List<OutgoingAlert> batch = new ArrayList<>(BATCH);
        batch.add(first);
        synchronized (enqueueing) { // waits for the rest of first's evaluation
          queue.drainTo(batch, BATCH - 1);
        }
        for (DeliveryTarget t : targets) {
          deliver(t, batch);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.error("Alert delivery failed unexpectedly", e);
      }
    }
  }

  private void deliver(DeliveryTarget target, List<OutgoingAlert> batch)
      throws InterruptedException {
    String body =
        target.kind() == DeliveryTarget.Kind.ALERTMANAGER
            ? AlertPayloads.alertmanager(batch)
            : AlertPayloads.webhook(batch, settings.externalUrl());
    HttpRequest request =
        HttpRequest.newBuilder(target.postUri())
            .timeout(settings.timeout())
            .header("Content-Type", "application/json")
            .header("User-Agent", "almanac-alerting")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    long backoff = settings.firstBackoff().toMillis();
    String why = "";
    for (int attempt = 1; attempt <= settings.attempts(); attempt++) {
      try {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 == 2) {
          sent.addAndGet(batch.size());
          return;
        }
        why = "HTTP " + r.statusCode() + " " + abbreviate(r.body());
        if (r.statusCode() / 100 == 4) {
          break; // the receiver refuses this batch; sending it again will not help
        }
      } catch (IOException e) {
        why = e.toString();
      }
      if (attempt < settings.attempts() && running) {
        Thread.sleep(backoff);
        backoff *= 2;
      }
    }
    failed.addAndGet(batch.size());
    LOG.warn("Could not deliver {} alerts to {}: {}", batch.size(), target.postUri(), why);
  }

  private static String abbreviate(String s) {
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }

  /** Sends what is queued (for up to 10 s), then stops. */
  @Override
  public void close() {
    running = false;
    try {
      sender.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (sender.isAlive()) {
      sender.interrupt();
    }
  }
}
