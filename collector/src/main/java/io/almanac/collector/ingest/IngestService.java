package io.almanac.collector.ingest;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import io.almanac.model.SeriesKey;
import io.almanac.model.TimelineMetric;
import io.almanac.model.json.DecodedBatch;
import io.almanac.model.json.MetricProblem;
import io.almanac.model.store.ContainerMetric;
import io.almanac.model.store.MetricWriter;
import io.almanac.model.store.Rollup;
import io.almanac.model.store.RollupLevel;
import io.almanac.model.store.SeriesBatch;
import io.almanac.model.store.StorageException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The write path behind every POST that stores data ({@code /ws/v1/timeline/metrics}, {@code
 * /metrics/aggregated}, {@code /containermetrics}): validates each metric, hands the valid ones to
 * the group committer within the buffer limit, and returns only when they are committed, within the
 * commit timeout, with late data marked for the aggregators.
 */
public final class IngestService implements AutoCloseable {
  private final GroupCommitter committer;
  private final Duration commitTimeout;
  private final Meter points;
  private final Meter invalidMetrics;
  private final String defaultInstanceId;
  private final MetricValidator validator;
  private final MetricWriter writer;
  private final LateDataMarks lateData;

  /**
   * An ingest path writing to {@code writer} what {@code validator} accepts; call {@link #start()}
   * before use. Metrics without an instance id get {@code defaultInstanceId} when it is not null
   * (AMS's multi-cluster mode).
   */
  public IngestService(
      MetricWriter writer,
      MetricValidator validator,
      long bufferPoints,
      Duration commitTimeout,
      String defaultInstanceId,
      MetricRegistry registry) {
    this(
        writer,
        LateDataMarks.NONE,
        validator,
        bufferPoints,
        commitTimeout,
        defaultInstanceId,
        registry);
  }

  /**
   * As above, with {@code lateData} told of everything committed before its request is answered.
   */
  public IngestService(
      MetricWriter writer,
      LateDataMarks lateData,
      MetricValidator validator,
      long bufferPoints,
      Duration commitTimeout,
      String defaultInstanceId,
      MetricRegistry registry) {
    this.validator = validator;
    this.writer = writer;
    this.lateData = lateData;
    this.committer =
        new GroupCommitter(
            writer,
            lateData::rawPoints,
            bufferPoints,
            registry.timer("ingest.commit"),
            registry.meter("ingest.commit.failed"));
    this.commitTimeout = commitTimeout;
    this.defaultInstanceId = defaultInstanceId;
    this.points = registry.meter("ingest.points");
    this.invalidMetrics = registry.meter("ingest.metrics.invalid");
    registry.gauge("ingest.buffer.points", () -> committer::queuedPoints);
    registry.gauge("ingest.buffer.capacity.points", () -> () -> bufferPoints);
  }

  /** The rules metrics are checked against before they are stored. */
  public MetricValidator validator() {
    return validator;
  }

  /** Starts the commit thread. */
  public void start() {
    committer.start();
  }

  /**
   * Stores the valid metrics of {@code batch}. Returns when they are committed, with the problems
   * of the metrics that were refused.
   *
   * @throws OverloadedException when the buffer is full, the commit times out or storage fails; the
   *     client should retry later
   */
  public IngestResult ingest(DecodedBatch batch) {
    List<MetricProblem> problems = new ArrayList<>(batch.problems());
    List<SeriesBatch> valid = new ArrayList<>(batch.metrics().size());
    long count = 0;
    for (int i = 0; i < batch.metrics().size(); i++) {
      TimelineMetric m = batch.metrics().get(i);
      Optional<String> problem = validator.problem(m);
      if (problem.isPresent()) {
        problems.add(
            new MetricProblem(
                batch.indexes().get(i), m.metricName(), m.appId(), m.hostName(), problem.get()));
        continue;
      }
      if (m.points().isEmpty()) {
        continue;
      }
      boolean aggregate = !"true".equalsIgnoreCase(m.metadata().get("skipAggregation"));
      SeriesKey key = m.seriesKey();
      if (defaultInstanceId != null && key.metric().instanceId().isEmpty()) {
        key = SeriesKey.of(m.metricName(), m.appId(), defaultInstanceId, m.hostName());
      }
      valid.add(new SeriesBatch(key, m.units(), m.type(), aggregate, m.points()));
      count += m.points().size();
    }
    problems.sort(java.util.Comparator.comparingInt(MetricProblem::index));
    invalidMetrics.mark(problems.size());
    if (!valid.isEmpty()) {
      await(committer.submit(valid, count));
      points.mark(count);
    }
    return new IngestResult(valid.size(), count, problems);
  }

  /**
   * Stores host rows posted at {@code level} (AMS's {@code /metrics/aggregated} carries 5-minute
   * host aggregates), counted against the buffer a row a point. Returns when committed.
   *
   * @throws OverloadedException as {@link #ingest}
   */
  public void ingestHostRollups(RollupLevel level, Map<SeriesKey, List<Rollup>> rows) {
    long count = rows.values().stream().mapToLong(List::size).sum();
    if (count == 0) {
      return;
    }
    await(
        committer.submitSolo(
            () -> {
              writer.writeHostRollups(level, rows);
              lateData.rollups(
                  level, rows.values().stream().flatMap(List::stream).map(Rollup::time).toList());
            },
            count));
    points.mark(count);
  }

  /**
   * Stores YARN container statistics, counted against the buffer an entry a point. Returns when
   * committed.
   *
   * @throws OverloadedException as {@link #ingest}
   */
  public void ingestContainerMetrics(List<ContainerMetric> metrics) {
    if (!metrics.isEmpty()) {
      await(committer.submitSolo(() -> writer.writeContainerMetrics(metrics), metrics.size()));
    }
  }

  private void await(java.util.concurrent.CompletableFuture<Void> done) {
    try {
      done.get(commitTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new OverloadedException(
          "storage did not commit within "
              + commitTimeout.toSeconds()
              + " s; the data may or may not be stored, resending it is safe",
          e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      String why = cause instanceof StorageException ? cause.getMessage() : cause.toString();
      throw new OverloadedException(
          "storage failed, nothing of this request is acknowledged: " + why, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OverloadedException("interrupted while waiting for the commit", e);
    }
  }

  /** Commits what is queued and stops the commit thread. */
  @Override
  public void close() {
    committer.close();
  }
}
