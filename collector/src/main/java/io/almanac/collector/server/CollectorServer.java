package io.almanac.collector.server;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.jmx.JmxReporter;
import io.almanac.aggregators.AggregationService;
import io.almanac.aggregators.AggregatorKind;
import io.almanac.aggregators.FreshRollups;
import io.almanac.alerting.AlertingService;
import io.almanac.collector.alerting.CollectorAlerting;
import io.almanac.collector.cluster.CollectorCluster;
import io.almanac.collector.cluster.SoloCluster;
import io.almanac.collector.cluster.ZooKeeperCluster;
import io.almanac.collector.config.CollectorConfig;
import io.almanac.collector.config.StorageConfig;
import io.almanac.collector.config.StorageMode;
import io.almanac.collector.http.HttpServer;
import io.almanac.collector.http.ServiceGate;
import io.almanac.collector.http.Services;
import io.almanac.collector.ingest.IngestService;
import io.almanac.collector.ingest.LateDataMarks;
import io.almanac.collector.ingest.MetricValidator;
import io.almanac.collector.prometheus.HostRollupReader;
import io.almanac.collector.prometheus.PrometheusQueries;
import io.almanac.collector.query.PrecisionPlanner;
import io.almanac.collector.query.QueryService;
import io.almanac.collector.storage.embedded.EmbeddedHBase;
import io.almanac.collector.storage.phoenix.OldestCellTime;
import io.almanac.collector.storage.phoenix.PhoenixAlertStateStore;
import io.almanac.collector.storage.phoenix.PhoenixConnector;
import io.almanac.collector.storage.phoenix.PhoenixMetricStore;
import io.almanac.collector.storage.phoenix.RowBatchWriter;
import io.almanac.model.store.MetricStore;
import io.almanac.model.store.RollupLevel;
import io.almanac.model.store.SeriesBatch;
import io.almanac.runtime.Lifecycle;
import io.almanac.schema.SchemaMigrator;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector's lifecycle: starts HTTP first (so {@code /health} answers during the boot), then
 * storage, the schema migration and the ingest path, and opens the gate; stops in reverse order.
 * Every component it starts is closed by it, once.
 */
public final class CollectorServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CollectorServer.class);

  private final CollectorConfig config;
  private final MetricRegistry registry = new MetricRegistry();
  private final ServiceGate gate = new ServiceGate();
  private final Lifecycle started = new Lifecycle();
  private boolean stopping;
  private HttpServer http;
  private MetricStore store;
  private EmbeddedHBase embeddedHBase;
  private volatile Services services;
  private long startedAt;

  /** A collector for {@code config}; nothing runs until {@link #start()}. */
  public CollectorServer(CollectorConfig config) {
    this.config = config;
  }

  /** Starts everything; returns when storage accepts writes. On failure, stops what started. */
  public void start() throws Exception {
    startedAt = System.nanoTime();
    try {
      registry.register("jvm.memory", new com.codahale.metrics.jvm.MemoryUsageGaugeSet());
      // collections and their total time, per collector: the sign of a heap that is too small
      registry.register("jvm.gc", new com.codahale.metrics.jvm.GarbageCollectorMetricSet());
      JmxReporter jmx = JmxReporter.forRegistry(registry).inDomain("almanac").build();
      jmx.start();
      started.own("JMX reporter", jmx);
      http =
          new HttpServer(
              config.http(),
              config.ingest().maxRequestBytes(),
              config.query().multipleClusters(),
              gate,
              registry);
      http.start();
      started.own("HTTP server", http);
      startStorage();
    } catch (Exception | Error e) {
      gate.close("failed: " + e);
      close();
      throw e;
    }
  }

  private void startStorage() throws Exception {
    StorageConfig storage = config.storage();
    PhoenixConnector connector;
    CollectorCluster cluster;
    ZooKeeperCluster zookeeper = null;
    org.apache.hadoop.hbase.client.Connection localHBase = null;
    RowBatchWriter localRows = null;
    OldestCellTime localCellTimes = null;
    if (storage.mode() == StorageMode.EMBEDDED) {
      EmbeddedHBase hbase = new EmbeddedHBase(storage.dataDir(), storage.embeddedZookeeperPort());
      started.own("embedded HBase", hbase);
      hbase.start(Duration.ofMinutes(5));
      embeddedHBase = hbase;
      connector = new PhoenixConnector(hbase.zookeeperQuorum(), hbase.zookeeperPort(), "/hbase");
      // Runs before the HBase above stops, so Phoenix does not retry against a vanished cluster.
      started.own("Phoenix services", connector::closeServices);
      cluster = new SoloCluster(selfAddress());
      localHBase = hbase.localConnection();
      localRows = hbase.localWriter()::write;
      localCellTimes = hbase.localCellTimes()::oldest;
    } else {
      connector =
          new PhoenixConnector(
              storage.zookeeperQuorum(), storage.zookeeperPort(), storage.znodeParent());
      // Membership and leadership on the HBase's own ZooKeeper; closed after everything that
      // works for the leader (the aggregators, sealing, alerting) has stopped.
      zookeeper =
          ZooKeeperCluster.connect(
              connectString(storage.zookeeperQuorum(), storage.zookeeperPort()),
              selfAddress(),
              storage.clusterSessionTimeout());
      started.own("cluster membership", zookeeper);
      cluster = zookeeper;
    }
    LOG.info("Connecting to Phoenix at {}", connector.url());
    if (zookeeper == null) {
      migrate(connector);
    } else {
      zookeeper.withSchemaLock(() -> migrate(connector));
    }
    PhoenixMetricStore phoenix =
        new PhoenixMetricStore(
            connector,
            storage.directHBase(),
            storage.seal() ? storage.sealAfter() : null,
            localHBase,
            localRows,
            localCellTimes);
    store = phoenix;
    started.own("metric store", store);
    AggregationService aggregation =
        new AggregationService(store, config.aggregation().settings(), Clock.systemUTC());
    // sealing waits while the aggregators have intervals to redo, and while another collector leads
    started.own(
        "block sealer",
        phoenix.startSealing(
            Duration.ofSeconds(config.schema().ttl(io.almanac.schema.Table.METRIC_RECORD)),
            () -> aggregation.redoing() || !cluster.leading()));
    registry.gauge("storage.seal.rows", () -> phoenix::sealedRows);
    registry.gauge("storage.seal.pending.hours", () -> phoenix::sealPendingHours);
    registry.gauge("storage.seal.failures", () -> phoenix::sealFailures);
    registry.gauge("aggregation.scan.points", () -> phoenix::scannedPoints);
    registry.gauge("query.catalog.fallbacks", () -> phoenix::catalogFallbacks);
    for (AggregatorKind kind : AggregatorKind.values()) {
      registry.gauge(
          "aggregation." + kind.amsName() + ".lag.seconds",
          () -> () -> aggregation.lagMs(kind) / 1000);
      registry.gauge(
          "aggregation." + kind.amsName() + ".redo.pending",
          () -> () -> aggregation.redoPending(kind));
    }
    String defaultInstance =
        config.query().multipleClusters() ? config.query().defaultInstanceId() : null;
    MetricValidator validator =
        new MetricValidator(
            config.ingest().earliestTimestampMs(), config.ingest().maxAhead(), Clock.systemUTC());
    LateDataMarks lateData =
        new LateDataMarks() {
          @Override
          public void rawPoints(List<SeriesBatch> committed) {
            aggregation.recordLateData(committed);
          }

          @Override
          public void rollups(RollupLevel level, Collection<Long> timestamps) {
            aggregation.recordLateRollups(level, timestamps);
          }
        };
    IngestService ingest =
        new IngestService(
            store,
            lateData,
            validator,
            config.ingest().bufferPoints(),
            config.ingest().commitTimeout(),
            defaultInstance,
            registry);
    ingest.start();
    started.own("ingest", ingest);
    if (!config.selfMetricsInterval().isZero()) {
      SelfMetricsRecorder self =
          new SelfMetricsRecorder(registry, ingest, config.http().advertisedHostName());
      self.start(config.selfMetricsInterval());
      started.own("self-metrics", self);
    }
    aggregation.leadOnlyWhen(cluster::leading, cluster::epoch);
    aggregation.start(config.aggregation().tick());
    started.own("aggregators", aggregation);
    // The aggregators' progress, which rollup queries need, is read again on this thread rather
    // than by the query that finds it a second old (docs/aggregation.md, "Queries never wait for
    // an aggregator").
    ExecutorService progressReads =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "almanac-progress-reads");
              t.setDaemon(true);
              return t;
            });
    AutoCloseable stopProgressReads = progressReads::shutdownNow;
    started.own("progress reads", stopProgressReads);
    FreshRollups rollups =
        new FreshRollups(
            store,
            store,
            config.aggregation().settings(),
            System::currentTimeMillis,
            progressReads);
    QueryService query =
        new QueryService(
            store,
            Clock.systemUTC(),
            config.query(),
            PrecisionPlanner.forSchema(config.schema()),
            rollups);
    PrometheusQueries prometheus =
        new PrometheusQueries(
            store,
            store,
            new HostRollupReader(rollups, config.aggregation().settings()),
            config.query().maxPoints());
    AlertingService alerting =
        CollectorAlerting.start(
            config.alerting(),
            config.http().scheme() + "://" + config.http().advertisedHostName() + ":" + http.port(),
            prometheus,
            ingest,
            config.http().advertisedHostName(),
            new PhoenixAlertStateStore(connector),
            registry,
            started);
    services =
        new Services(
            ingest,
            query,
            prometheus,
            store,
            cluster,
            config.ingest().containerMetricsDisabled(),
            aggregation,
            alerting,
            phoenix);
    if (alerting != null) {
      alerting.leadOnlyWhen(cluster::leading);
    }
    gate.open(services);
    if (zookeeper != null) {
      zookeeper.join(store::checkpointEpoch); // once it serves: sinks come, and it may lead
    }
    LOG.info(
        "Collector ready in {} s on port {}",
        String.format("%.1f", secondsSinceStart()),
        http.port());
  }

  /** This collector as its peers and {@code /admin/cluster} name it: advertised host and port. */
  private String selfAddress() {
    return config.http().advertisedHostName() + ":" + http.port();
  }

  private int migrate(PhoenixConnector connector) throws Exception {
    try (Connection c = connector.open()) {
      int applied = new SchemaMigrator(config.schema()).migrate(c, connector::open);
      LOG.info("Schema up to date ({} migrations applied now)", applied);
      return applied;
    }
  }

  /** {@code h1,h2} and 2181 as {@code h1:2181,h2:2181}; an entry with its own port keeps it. */
  static String connectString(String quorum, int port) {
    List<String> hosts = new java.util.ArrayList<>();
    for (String host : quorum.split(",")) {
      String h = host.strip();
      if (!h.isEmpty()) {
        hosts.add(h.contains(":") ? h : h + ":" + port);
      }
    }
    return String.join(",", hosts);
  }

  /** Seconds from {@link #start()} until now. */
  public double secondsSinceStart() {
    return (System.nanoTime() - startedAt) / 1e9;
  }

  /** The HTTP port actually bound. */
  public int port() {
    return http.port();
  }

  /** The store, once started (for tools and tests that seed or inspect it). */
  public MetricStore store() {
    return store;
  }

  /**
   * The embedded HBase once started in embedded storage mode, else null (for tools and tests that
   * look at its regions).
   */
  public EmbeddedHBase embeddedHBase() {
    return embeddedHBase;
  }

  /** What the HTTP resources serve from, once started (for tools and tests); null before. */
  public Services services() {
    return services;
  }

  /** The self-metrics registry. */
  public MetricRegistry registry() {
    return registry;
  }

  /** Refuses new requests, commits what was accepted, closes storage. */
  @Override
  public synchronized void close() {
    if (stopping) {
      return;
    }
    stopping = true;
    gate.close("stopping");
    LOG.info("Stopping the collector");
    started.close();
    LOG.info("Collector stopped");
  }
}
