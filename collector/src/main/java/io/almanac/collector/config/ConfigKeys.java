package io.almanac.collector.config;

import static io.almanac.collector.config.ConfigKey.ValueKind.BOOLEAN;
import static io.almanac.collector.config.ConfigKey.ValueKind.DURATION;
import static io.almanac.collector.config.ConfigKey.ValueKind.NUMBER;
import static io.almanac.collector.config.ConfigKey.ValueKind.POSITIVE;
import static io.almanac.collector.config.ConfigKey.ValueKind.SIZE;
import static io.almanac.collector.config.ConfigKey.ValueKind.SPECIAL;
import static io.almanac.collector.config.ConfigKey.ValueKind.TEXT;
import static io.almanac.collector.config.ConfigSection.AGGREGATION;
import static io.almanac.collector.config.ConfigSection.ALERTING;
import static io.almanac.collector.config.ConfigSection.HTTP;
import static io.almanac.collector.config.ConfigSection.INGEST;
import static io.almanac.collector.config.ConfigSection.QUERY;
import static io.almanac.collector.config.ConfigSection.RETENTION;
import static io.almanac.collector.config.ConfigSection.STORAGE;

import io.almanac.aggregators.AggregatorKind;
import io.almanac.schema.Table;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every key of the collector's configuration, each declared once. Keys named {@code
 * timeline.metrics.*} are AMS's; the others are Almanac's own.
 */
public final class ConfigKeys {
  private static final List<ConfigKey> DECLARED = new ArrayList<>();

  /** HTTP address as host:port, AMS's key. */
  public static final ConfigKey WEBAPP_ADDRESS =
      key(
          HTTP,
          "timeline.metrics.service.webapp.address",
          "0.0.0.0:6188",
          SPECIAL,
          "host:port the collector listens on (the AMS port is 6188). --bind and --port override it.");

  /** Request threads. */
  public static final ConfigKey HANDLER_THREADS =
      key(
          HTTP,
          "timeline.metrics.service.handler.thread.count",
          "20",
          POSITIVE,
          "Request threads.");

  /** Host name /livenodes advertises; empty for the machine's name. */
  public static final ConfigKey ADVERTISED_HOST =
      key(
          HTTP,
          "almanac.http.advertised.host",
          "",
          TEXT,
          "The host name /livenodes tells sinks to send to (with the port when it is not 6188). Empty:"
              + " this machine's name as `hostname` prints it (never localhost while the machine has"
              + " another name).");

  /** The listener's certificate chain. */
  public static final ConfigKey TLS_CERTIFICATE =
      key(
          HTTP,
          "almanac.http.tls.certificate",
          "",
          TEXT,
          "PEM file of the collector's certificate (then any intermediates). With it and"
              + " almanac.http.tls.private.key the port speaks HTTPS only. Empty: plain HTTP.");

  /** The listener's private key. */
  public static final ConfigKey TLS_PRIVATE_KEY =
      key(
          HTTP,
          "almanac.http.tls.private.key",
          "",
          TEXT,
          "PEM file of the certificate's private key, unencrypted PKCS#8 (BEGIN PRIVATE KEY);"
              + " keep it readable by the collector's user only.");

  /** The request log. */
  public static final ConfigKey REQUEST_LOG =
      key(
          HTTP,
          "almanac.http.request.log",
          "",
          TEXT,
          "File every HTTP request is logged to, one line each: client, user, when it came, request"
              + " line, status, bytes sent, milliseconds taken. A name with yyyy_mm_dd in it starts a"
              + " new file each day (kept 90 days). Empty: no request log.");

  /** The tokens file. */
  public static final ConfigKey SECURITY_TOKENS =
      key(
          HTTP,
          "almanac.security.tokens",
          "",
          TEXT,
          "File of ROLE TOKEN [NAME] lines (roles read, write, admin; a token may be given as"
              + " sha256:HEX); read again when it changes. When set, reads need read, writes"
              + " write, /admin/* and /-/reload admin; /health stays open. Empty: anyone who"
              + " reaches the port may do everything (a trusted network only).");

  /** Networks that may write without a token. */
  public static final ConfigKey SECURITY_OPEN_NETWORKS =
      key(
          HTTP,
          "almanac.security.write.open.networks",
          "",
          TEXT,
          "Comma-separated networks (10.0.0.0/8, 192.168.1.7, fd00::/8) whose callers without"
              + " credentials act with role write (which includes read), for sinks that cannot"
              + " send a token, such as AMS's own. Needs almanac.security.tokens.");

  /** embedded or distributed. */
  public static final ConfigKey STORAGE_MODE =
      key(
          STORAGE,
          "almanac.storage.mode",
          "embedded",
          SPECIAL,
          "embedded: HBase runs inside the collector, all files under almanac.data.dir. distributed:"
              + " connect to an existing HBase cluster through its ZooKeeper quorum.");

  /** The data directory. */
  public static final ConfigKey DATA_DIR =
      key(
          STORAGE,
          "almanac.data.dir",
          "./data",
          TEXT,
          "Data directory (embedded HBase, ZooKeeper, logs). --data-dir overrides it. Never under"
              + " /tmp.");

  /** ZooKeeper hosts of an existing HBase (distributed mode). */
  public static final ConfigKey ZK_QUORUM =
      key(
          STORAGE,
          "almanac.storage.zookeeper.quorum",
          "",
          TEXT,
          "distributed mode: comma-separated ZooKeeper hosts, their client port, HBase's root"
              + " znode.");

  /** ZooKeeper client port of those hosts. */
  public static final ConfigKey ZK_PORT =
      key(STORAGE, "almanac.storage.zookeeper.port", "2181", POSITIVE, "");

  /** HBase root znode. */
  public static final ConfigKey ZNODE_PARENT =
      key(STORAGE, "almanac.storage.zookeeper.znode.parent", "/hbase", TEXT, "");

  /** Port of the embedded ZooKeeper; 0 picks a free one. */
  public static final ConfigKey EMBEDDED_ZK_PORT =
      key(
          STORAGE,
          "almanac.embedded.zookeeper.port",
          "0",
          NUMBER,
          "embedded mode: the ZooKeeper port; 0 picks a free one (logged at start).");

  /** Whether raw blocks are written and read with the HBase client rather than Phoenix SQL. */
  public static final ConfigKey DIRECT_HBASE =
      key(
          STORAGE,
          "almanac.storage.direct.hbase",
          "true",
          BOOLEAN,
          "true: METRIC_RECORD's blocks are written and read with the HBase client, in exactly"
              + " the encoding Phoenix uses (Phoenix still reads and writes them as ever); false:"
              + " through Phoenix UPSERTs and SELECTs only. A table laid out otherwise (indexes,"
              + " salting) is always left to Phoenix.");

  /** Whether settled hours of raw rows are merged into one row per series and hour. */
  public static final ConfigKey SEAL =
      key(
          STORAGE,
          "almanac.storage.seal",
          "auto",
          SPECIAL,
          "true (with direct HBase access): once an hour of metric time has settled, each series'"
              + " METRIC_RECORD rows of that hour are merged into one row of METRIC_RECORD_SEALED"
              + " (far fewer bytes per point), in the background; readers read both tables. auto"
              + " (the default) seals on the embedded HBase only: on a distributed HBase, turn it"
              + " on after setting phoenix.table.ttl.enabled=false on every region server"
              + " (docs/collector.md, Sealing).");

  /** How long an hour of raw rows must be quiet before it is sealed. */
  public static final ConfigKey SEAL_AFTER =
      key(
          STORAGE,
          "almanac.storage.seal.after",
          "10m",
          DURATION,
          "an hour is sealed once it ended this long ago and no row has come into it for as"
              + " long; a row that comes later is sealed into it in a later round.");

  /** ZooKeeper session of the collectors' membership and leader election. */
  public static final ConfigKey CLUSTER_SESSION_TIMEOUT =
      key(
          STORAGE,
          "almanac.cluster.session.timeout",
          "15s",
          DURATION,
          "distributed mode: the ZooKeeper session with which each collector registers and stands"
              + " for leadership (the leader aggregates, seals and evaluates rules). A leader that"
              + " dies is replaced this long after; one that pauses stops working after half of it."
              + " Within ZooKeeper's bounds (by default 4 s to 40 s).");

  /** HBase data block encoding of the metric tables. */
  public static final ConfigKey BLOCK_ENCODING =
      key(
          STORAGE,
          "timeline.metrics.hbase.data.block.encoding",
          "FAST_DIFF",
          TEXT,
          "HBase options of the metric tables.");

  /** HBase compression of the metric tables. */
  public static final ConfigKey COMPRESSION =
      key(STORAGE, "timeline.metrics.hbase.compression.scheme", "SNAPPY", TEXT, "");

  /** Largest POST body. */
  public static final ConfigKey MAX_REQUEST =
      key(
          INGEST,
          "almanac.ingest.max.request.size",
          "64m",
          SIZE,
          "Largest POST body (413 above it). Sizes: bytes, or with k, m, g (KB, MB, GB).");

  /** Points accepted but not yet committed. */
  public static final ConfigKey BUFFER_POINTS =
      key(
          INGEST,
          "almanac.ingest.buffer.points",
          "auto",
          SPECIAL,
          "Points accepted but not yet committed; a POST that does not fit gets 503 with"
              + " Retry-After. auto: the maximum heap / 512 bytes (about 0.9 million points on"
              + " the default 448 MiB heap).");

  /** How long a POST waits for its commit. */
  public static final ConfigKey COMMIT_TIMEOUT =
      key(
          INGEST,
          "almanac.ingest.commit.timeout",
          "30s",
          DURATION,
          "How long a POST waits for its commit before 503. Durations: 500ms, 30s, 5m, 1h, 1d.");

  /** Points before this instant (an ISO date or epoch milliseconds) are refused. */
  public static final ConfigKey EARLIEST_TIMESTAMP =
      key(
          INGEST,
          "almanac.ingest.timestamp.earliest",
          "2000-01-01",
          SPECIAL,
          "The accepted window of point timestamps: a metric with a point before the earliest"
              + " instant (a UTC date, an ISO instant or epoch milliseconds) or further ahead of the"
              + " collector's clock than max.ahead is named in the answer's errors and not stored;"
              + " the rest of the POST is.");

  /** Points more than this ahead of the collector's clock are refused. */
  public static final ConfigKey MAX_AHEAD =
      key(INGEST, "almanac.ingest.timestamp.max.ahead", "1d", DURATION, "");

  /** Ignore POSTs to /containermetrics. */
  public static final ConfigKey CONTAINER_METRICS_DISABLED =
      key(
          INGEST,
          "timeline.metrics.service.container.metrics.disabled",
          "false",
          BOOLEAN,
          "YARN container statistics posted to /ws/v1/timeline/containermetrics are answered but"
              + " not stored.");

  /** The points budget that decides a query's precision. */
  public static final ConfigKey MAX_POINTS =
      key(
          QUERY,
          "almanac.query.max.points",
          "10000000",
          POSITIVE,
          "The budget that decides a query's precision: the finest precision whose estimated"
              + " points (rows per series as AMS estimates them, times series) fit it is read. An"
              + " explicit precision over it, or a query over it even at days, is refused with"
              + " PrecisionLimitExceededException; never cut.");

  /** AMS's row limit of a query. */
  public static final ConfigKey RESULT_LIMIT =
      key(
          QUERY,
          "timeline.metrics.service.default.result.limit",
          "5760",
          POSITIVE,
          "AMS's row limit: here the largest `limit` a query may pass (a `limit` lowers that"
              + " query's budget).");

  /** AMS's multi-cluster switch. */
  public static final ConfigKey MULTIPLE_CLUSTERS =
      key(
          QUERY,
          "timeline.metrics.support.multiple.clusters",
          "false",
          BOOLEAN,
          "Multi-cluster support: metrics and queries without an instance id get the default one,"
              + " and cluster-wide queries are split by instance id.");

  /** How often the collector stores its own metrics as series. */
  public static final ConfigKey SELF_METRICS_INTERVAL =
      key(
          HTTP,
          "almanac.self.metrics.interval",
          "60s",
          DURATION,
          "How often the collector stores its own metrics (ingest, commits, refusals, buffer,"
              + " aggregator lag, heap) as series of appid almanac, for dashboards and alert rules;"
              + " 0s: never.");

  /** Instance id given to metrics and queries without one when multi-cluster support is on. */
  public static final ConfigKey DEFAULT_INSTANCE =
      key(QUERY, "timeline.metrics.default.instanceid", "DEFAULT", TEXT, "");

  private static final Map<AggregatorKind, ConfigKey> INTERVALS = aggregatorKeys("interval");
  private static final Map<AggregatorKind, ConfigKey> DISABLED = aggregatorKeys("disabled");

  /** AMS's 30 s slice length, in seconds. */
  public static final ConfigKey SLICE =
      key(
          AGGREGATION,
          "timeline.metrics.cluster.aggregator.second.timeslice.interval",
          "30",
          POSITIVE,
          "Cluster slices: length in seconds, and linear interpolation of empty slices between"
              + " known ones.");

  /** Interpolate empty slices. */
  public static final ConfigKey INTERPOLATION =
      key(
          AGGREGATION,
          "timeline.metrics.cluster.aggregator.interpolation.enabled",
          "true",
          BOOLEAN,
          "");

  /** AMS's time shift of the cluster slices, in ms. */
  public static final ConfigKey CLUSTER_TIMESHIFT =
      key(
          AGGREGATION,
          "timeline.metrics.service.cluster.aggregator.timeshift.adjustment",
          "90000",
          NUMBER,
          "How long after a window ends before it is aggregated, so sinks that post once a minute"
              + " are in: milliseconds for the cluster slices (AMS key), a duration for the 5-minute"
              + " host rollups.");

  /** How long after a 5-minute interval ends before the host aggregator takes it. */
  public static final ConfigKey HOST_DELAY =
      key(AGGREGATION, "almanac.aggregation.host.delay", "60s", DURATION, "");

  /** Metric names left out of cluster aggregation (SQL LIKE patterns). */
  public static final ConfigKey CLUSTER_FILTERS =
      key(
          AGGREGATION,
          "timeline.metrics.cluster.aggregation.sql.filters",
          "sdisk\\_%,boottime",
          TEXT,
          "Metric names (SQL LIKE patterns, comma-separated) left out of cluster aggregation.");

  /** Apps whose hosts' HOST metrics are also aggregated under the app. */
  public static final ConfigKey APP_IDS =
      key(
          AGGREGATION,
          "timeline.metrics.service.cluster.aggregator.appIds",
          "datanode,nodemanager,hbase",
          TEXT,
          "HOST metrics of the hosts running these apps are also aggregated under the app's id.");

  /** How long an interval marked by late data waits for more before it is aggregated again. */
  public static final ConfigKey LATE_SETTLE =
      key(
          AGGREGATION,
          "almanac.aggregation.late.settle",
          "30s",
          DURATION,
          "An interval that late data arrived for is aggregated again once no more has come for"
              + " this long (a backfill is folded in once, not on every run).");

  /** How often the aggregation thread looks for due intervals. */
  public static final ConfigKey AGGREGATION_TICK =
      key(
          AGGREGATION,
          "almanac.aggregation.tick",
          "15s",
          DURATION,
          "How often the aggregation thread looks for due intervals.");

  /** Rule files, comma-separated paths or globs. */
  public static final ConfigKey ALERTING_RULES =
      key(
          ALERTING,
          "almanac.alerting.rules",
          "",
          TEXT,
          "Rule files in Prometheus's format, comma-separated paths or globs in the file name"
              + " (conf/alerts/*.yml); relative to the working directory. Empty: no alerting."
              + " Reloaded on SIGHUP and POST /-/reload. Evaluate rules on one collector only"
              + " when several share a store.");

  /** The interval of rule groups that give none. */
  public static final ConfigKey ALERTING_INTERVAL =
      key(
          ALERTING,
          "almanac.alerting.evaluation.interval",
          "1m",
          DURATION,
          "How often a rule group is evaluated when it gives no interval of its own.");

  /** How often a firing alert is sent again. */
  public static final ConfigKey ALERTING_RESEND =
      key(
          ALERTING,
          "almanac.alerting.resend.delay",
          "1m",
          DURATION,
          "How often firing (and, for 15 minutes, resolved) alerts are sent again.");

  /** Alertmanagers to send to. */
  public static final ConfigKey ALERTMANAGER_URLS =
      key(
          ALERTING,
          "almanac.alerting.alertmanager.urls",
          "",
          TEXT,
          "Alertmanagers, comma-separated base addresses (http://am1:9093); alerts are posted"
              + " to their API v2.");

  /** Webhooks to send to. */
  public static final ConfigKey WEBHOOK_URLS =
      key(
          ALERTING,
          "almanac.alerting.webhook.urls",
          "",
          TEXT,
          "Webhooks, comma-separated addresses; each gets Alertmanager's webhook message.");

  /** Alerts the delivery queue holds. */
  public static final ConfigKey ALERTING_QUEUE =
      key(
          ALERTING,
          "almanac.alerting.queue.capacity",
          "10000",
          POSITIVE,
          "Alerts waiting for delivery at most; beyond it the oldest are dropped and counted.");

  /** The address in the alerts' generator links. */
  public static final ConfigKey ALERTING_EXTERNAL_URL =
      key(
          ALERTING,
          "almanac.alerting.external.url",
          "",
          TEXT,
          "The collector's address as users reach it, for the alerts' generatorURL; empty:"
              + " http://ADVERTISED-HOST:PORT.");

  private static final Map<Table, ConfigKey> TTLS = ttlKeys();

  private static final Map<String, ConfigKey> BY_NAME = byName();

  private ConfigKeys() {}

  private static ConfigKey key(
      ConfigSection section,
      String name,
      String defaultValue,
      ConfigKey.ValueKind kind,
      String doc) {
    ConfigKey key = new ConfigKey(section, name, defaultValue, kind, doc);
    DECLARED.add(key);
    return key;
  }

  private static Map<AggregatorKind, ConfigKey> aggregatorKeys(String suffix) {
    Map<AggregatorKind, ConfigKey> keys = new EnumMap<>(AggregatorKind.class);
    boolean interval = suffix.equals("interval");
    for (AggregatorKind k : AggregatorKind.values()) {
      String doc = "";
      if (k.ordinal() == 0) {
        doc =
            interval
                ? "Intervals in seconds (AMS keys). Each must be a multiple of the interval it reads."
                : "Switch single aggregators off (the daily host one has its own key, unlike AMS).";
      }
      String defaultValue =
          interval ? Long.toString(k.defaultIntervalMs() / 1000) : Boolean.toString(false);
      keys.put(
          k,
          key(
              AGGREGATION,
              k.amsKeyPrefix() + "." + suffix,
              defaultValue,
              interval ? POSITIVE : BOOLEAN,
              doc));
    }
    return keys;
  }

  private static Map<Table, ConfigKey> ttlKeys() {
    Map<Table, ConfigKey> keys = new EnumMap<>(Table.class);
    for (Table t : Table.values()) {
      if (t.hasTtl()) {
        keys.put(t, key(RETENTION, t.ttlKey(), Long.toString(t.defaultTtlSeconds()), POSITIVE, ""));
      }
    }
    return keys;
  }

  private static Map<String, ConfigKey> byName() {
    Map<String, ConfigKey> out = new LinkedHashMap<>();
    DECLARED.stream()
        .sorted(Comparator.comparing(ConfigKey::section)) // stable: declaration order within one
        .forEach(k -> out.put(k.name(), k));
    return out;
  }

  /** AMS's interval key of an aggregator (seconds). */
  public static ConfigKey interval(AggregatorKind kind) {
    return INTERVALS.get(kind);
  }

  /** AMS's disable key of an aggregator (the daily host one is its own key here, unlike AMS). */
  public static ConfigKey disabled(AggregatorKind kind) {
    return DISABLED.get(kind);
  }

  /** The retention key of a table that has one. */
  public static ConfigKey ttl(Table table) {
    return TTLS.get(table);
  }

  /** Every key, in the order the documented file lists them. */
  public static List<ConfigKey> all() {
    return List.copyOf(BY_NAME.values());
  }

  /** The key named {@code name}, or null. */
  public static ConfigKey named(String name) {
    return BY_NAME.get(name);
  }
}
