package io.almanac.sinks.emitter;

import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends batches of metrics to the collectors from one background thread, so the host process never
 * waits on the network. A batch that no collector takes after retries (with backoff, moving to the
 * next collector after repeated failures) is kept, never dropped for want of a collector: it goes
 * to the disk spool when there is one, and so does everything after it until the spool has been
 * replayed; without a spool it stays in memory, at the head of the queue, and is retried until a
 * collector takes it. Either way batches arrive in order. Only a full buffer gives up data, the
 * oldest first, and counts it. Posting a batch twice is harmless: the collector rewrites the same
 * rows.
 */
public final class TimelineEmitter implements Closeable {
  private static final Logger LOG = Logger.getLogger(TimelineEmitter.class.getName());

  /** Whether the refusal of credentials was logged (once per emitter). */
  private volatile boolean credentialsWarned;

  private static final long MAX_BACKOFF_MS = 30_000;

  private static final class Batch {
    final byte[] body;
    final int points;

    Batch(byte[] body, int points) {
      this.body = body;
      this.points = points;
    }
  }

  private final EmitterConfig config;
  private final HttpSender http;
  private final CollectorChooser chooser;
  private final DiskSpool spool;
  private final BlockingQueue<Batch> queue;
  private final EmitterCounters counters = new EmitterCounters();
  private final Thread sender;
  private final Object lock = new Object();
  private volatile boolean closing;
  private volatile boolean busy;
  private long nextDiscovery;
  private long spoolRetryAt;

  /** Without a spool: the batch no collector took yet, sent before anything queued behind it. */
  private volatile Batch held;

  /** An emitter for {@code config}; its thread starts at once. */
  public TimelineEmitter(EmitterConfig config) {
    this.config = config;
    this.http = new HttpSender(config);
    this.chooser =
        new CollectorChooser(config.collectors(), config.hostName(), config.failoverAfter());
    this.spool =
        config.spoolDir() == null
            ? null
            : new DiskSpool(config.spoolDir(), config.spoolMaxBytes(), counters);
    this.queue = new ArrayBlockingQueue<Batch>(config.queueBatches());
    this.sender = new Thread(this::run, "almanac-emitter");
    sender.setDaemon(true);
    sender.start();
  }

  /** Queues {@code metrics} for sending; never blocks on the network. */
  public void emit(List<SinkMetric> metrics) {
    if (metrics.isEmpty()) {
      return;
    }
    Batch batch = new Batch(AmsJson.encode(metrics), AmsJson.points(metrics));
    synchronized (lock) {
      boolean spooling = spool != null && !spool.isEmpty();
      if (!spooling && queue.offer(batch)) {
        return;
      }
      if (spool != null) {
        spool.add(batch.body, batch.points);
        return;
      }
      // The memory buffer is full (no collector has answered for a while): the oldest batch goes.
      Batch oldest = queue.poll();
      if (oldest != null) {
        counters.dropped(oldest.points);
        LOG.warning(
            "Emitter buffer full and no spool configured; dropped the oldest "
                + oldest.points
                + " points");
      }
      queue.offer(batch);
    }
  }

  /** What this emitter did so far. */
  public EmitterCounters counters() {
    return counters;
  }

  /** The collector this host currently sends to. */
  public String currentCollector() {
    return chooser.current();
  }

  /**
   * Waits until everything queued and spooled has been sent, or the timeout passes; true when sent.
   */
  public boolean flush(long timeoutMs) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (System.currentTimeMillis() < deadline) {
      if (queue.isEmpty() && !busy && held == null && (spool == null || spool.isEmpty())) {
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }

  private void run() {
    while (!closing || !queue.isEmpty()) {
      try {
        discoverIfDue();
        if (spool != null && !spool.isEmpty()) {
          replaySpool();
          continue;
        }
        if (held != null) {
          retryHeld();
          continue;
        }
        Batch batch = queue.poll(200, TimeUnit.MILLISECONDS);
        if (batch == null) {
          continue;
        }
        busy = true;
        try {
          if (!send(batch.body, batch.points, closing)) {
            keep(batch);
          }
        } finally {
          busy = false;
        }
      } catch (InterruptedException e) {
        if (closing) {
          break;
        }
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "Emitter error; going on", e);
      }
    }
  }

  /**
   * A batch nobody took: to the spool, with everything queued behind it so the order holds; or,
   * without a spool, held in memory to be retried before anything else.
   */
  private void keep(Batch batch) {
    if (spool == null) {
      held = batch;
      spoolRetryAt =
          System.currentTimeMillis() + Math.min(MAX_BACKOFF_MS, config.retryBackoffMs() * 4);
      LOG.info(
          "No collector answers; keeping " + batch.points + " points in memory until one does");
      return;
    }
    synchronized (lock) {
      List<Batch> rest = new ArrayList<Batch>();
      queue.drainTo(rest);
      spool.add(batch.body, batch.points);
      for (Batch b : rest) {
        spool.add(b.body, b.points);
      }
    }
  }

  private void retryHeld() throws InterruptedException {
    long now = System.currentTimeMillis();
    if (now < spoolRetryAt) {
      Thread.sleep(Math.min(200, spoolRetryAt - now));
      return;
    }
    Batch batch = held;
    busy = true;
    try {
      if (send(batch.body, batch.points, true)) {
        held = null;
        spoolRetryAt = 0;
      } else {
        spoolRetryAt =
            System.currentTimeMillis() + Math.min(MAX_BACKOFF_MS, config.retryBackoffMs() * 4);
      }
    } finally {
      busy = false;
    }
  }

  private void replaySpool() throws InterruptedException {
    long now = System.currentTimeMillis();
    if (now < spoolRetryAt) {
      Thread.sleep(Math.min(200, spoolRetryAt - now));
      return;
    }
    File oldest = spool.oldest();
    if (oldest == null) {
      return;
    }
    busy = true;
    try {
      byte[] body = DiskSpool.read(oldest);
      int points = DiskSpool.points(oldest);
      if (send(body, points, true)) {
        spool.remove(oldest);
        spoolRetryAt = 0;
      } else {
        spoolRetryAt =
            System.currentTimeMillis() + Math.min(MAX_BACKOFF_MS, config.retryBackoffMs() * 4);
      }
    } catch (IOException e) {
      LOG.log(Level.WARNING, "Cannot read spooled batch " + oldest + "; dropping it", e);
      spool.remove(oldest);
    } finally {
      busy = false;
    }
  }

  /**
   * Posts one batch, retrying across collectors; true when it is done with (sent, or refused as
   * invalid and counted dropped), false when no collector took it.
   */
  private boolean send(byte[] body, int points, boolean once) throws InterruptedException {
    int attempts =
        once
            ? chooser.all().size() * config.failoverAfter()
            : chooser.all().size() * config.failoverAfter() + 1;
    long backoff = config.retryBackoffMs();
    for (int attempt = 0; attempt < attempts; attempt++) {
      HttpSender.Outcome outcome = http.post(chooser.current(), body);
      if (outcome == HttpSender.Outcome.SENT) {
        chooser.succeeded();
        counters.sent(points);
        return true;
      }
      if (outcome == HttpSender.Outcome.REJECTED) {
        counters.dropped(points);
        LOG.warning(
            "Collector "
                + chooser.current()
                + " refused a batch of "
                + points
                + " points as invalid");
        return true;
      }
      if (outcome == HttpSender.Outcome.REFUSED_CREDENTIALS && !credentialsWarned) {
        credentialsWarned = true;
        LOG.warning(
            "Collector "
                + chooser.current()
                + " refused the credentials (401 or 403); batches are kept and sent again:"
                + " give a token with the write role (or send from a network the collector lets"
                + " write without one)");
      }
      counters.failedAttempt();
      if (chooser.failed()) {
        LOG.info("Collector unreachable; switching to " + chooser.current());
        continue;
      }
      if (closing) {
        return false;
      }
      Thread.sleep(backoff);
      backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
    }
    return false;
  }

  private void discoverIfDue() {
    if (config.discoveryIntervalMs() <= 0 || System.currentTimeMillis() < nextDiscovery) {
      return;
    }
    nextDiscovery = System.currentTimeMillis() + config.discoveryIntervalMs();
    for (String collector : config.collectors()) {
      List<String> live = http.liveNodes(collector);
      if (!live.isEmpty()) {
        if (!live.equals(chooser.all())) {
          chooser.use(live);
        }
        return;
      }
    }
  }

  /**
   * Sends what is queued (waiting at most 5 s, so the host process is not held up when no collector
   * answers), then stops the thread; what could not be sent stays in the spool for the next start.
   */
  @Override
  public void close() {
    try {
      flush(Math.min(5_000L, 2L * config.timeoutMs()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closing = true;
    sender.interrupt();
    try {
      sender.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<Batch> left = new ArrayList<Batch>();
    if (held != null) {
      left.add(held);
      held = null;
    }
    queue.drainTo(left);
    for (Batch b : left) {
      if (spool != null) {
        spool.add(b.body, b.points);
      } else {
        counters.dropped(b.points);
      }
    }
  }
}
