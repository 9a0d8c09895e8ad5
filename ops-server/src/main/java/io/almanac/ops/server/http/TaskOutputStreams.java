package io.almanac.ops.server.http;

import io.almanac.ops.server.model.Task;
import io.almanac.ops.server.model.TaskOutput;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task's output as it grows, for the status page: server-sent event streams, one per watcher. One
 * thread ("ops-output-streams") looks at every open stream's task twice a second and sends a {@code
 * task} event (the task as {@code GET /api/v1/requests/{id}} shows it, with the output tails the
 * agent's progress reports keep current) whenever it changed. When the task has finished (or
 * holds), an {@code output} event carries its full stored output and the stream ends.
 */
public final class TaskOutputStreams implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TaskOutputStreams.class);

  /** Streams open at once, at most; more are refused with 503. */
  static final int MAX_STREAMS = 64;

  private static final Duration POLL = Duration.ofMillis(500);

  /** A stream is ended after this long even if its task runs on; the page opens a new one. */
  private static final Duration MAX_LIFE = Duration.ofMinutes(30);

  private final OpsQueries queries;
  private final List<Watch> watches = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "ops-output-streams");
            t.setDaemon(true);
            return t;
          });

  /** One open stream: the task it follows, and what it sent last. */
  private static final class Watch {
    final long requestId;
    final long taskId;
    final SseEventSink sink;
    final Sse sse;
    final long openedAt = System.nanoTime();
    Views.TaskView last;

    Watch(long requestId, long taskId, SseEventSink sink, Sse sse) {
      this.requestId = requestId;
      this.taskId = taskId;
      this.sink = sink;
      this.sse = sse;
    }
  }

  /** Starts the thread that follows the streams of tasks stored in {@code db}. */
  public TaskOutputStreams(io.almanac.ops.server.store.OpsDatabase db) {
    this.queries = new OpsQueries(db, host -> false);
    thread.scheduleWithFixedDelay(
        this::pollSafely, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Follows a task that exists; false (nothing sent) when too many streams are open. */
  boolean open(long requestId, long taskId, SseEventSink sink, Sse sse) {
    if (watches.size() >= MAX_STREAMS) {
      return false;
    }
    Watch watch = new Watch(requestId, taskId, sink, sse);
    watches.add(watch);
    thread.execute(() -> pollOne(watch));
    return true;
  }

  private void pollSafely() {
    for (Watch watch : watches) {
      pollOne(watch);
    }
  }

  private void pollOne(Watch watch) {
    try {
      if (!poll(watch)) {
        end(watch);
      }
    } catch (RuntimeException | SQLException e) {
      LOG.warn("The output stream of task {} failed; closing it", watch.taskId, e);
      end(watch);
    }
  }

  /** Sends what changed; false when the stream is done. */
  private boolean poll(Watch watch) throws SQLException {
    if (watch.sink.isClosed()) {
      return false; // the page went away
    }
    Task task = queries.task(watch.requestId, watch.taskId).orElse(null);
    if (task == null) {
      return false;
    }
    Views.TaskView view = OpsQueries.view(task);
    if (!view.equals(watch.last)) {
      send(watch, "task", view);
      watch.last = view;
    }
    if (task.status().isTerminal() || task.status().isHolding()) {
      TaskOutput output = queries.output(task.taskId()).orElse(null);
      if (output != null) {
        send(watch, "output", OpsQueries.view(output));
      }
      return false;
    }
    return System.nanoTime() - watch.openedAt < MAX_LIFE.toNanos();
  }

  private static void send(Watch watch, String name, Object data) {
    OutboundSseEvent event =
        watch
            .sse
            .newEventBuilder()
            .name(name)
            .mediaType(MediaType.TEXT_PLAIN_TYPE) // JSON text, written as is
            .data(OpsResource.json(data))
            .build();
    watch.sink.send(event);
  }

  private void end(Watch watch) {
    watches.remove(watch);
    try {
      watch.sink.close();
    } catch (RuntimeException e) {
      LOG.debug("Closing the output stream of task {}", watch.taskId, e);
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
    watches.forEach(this::end); // a copy-on-write list: ending one does not disturb this loop
  }
}
