package io.almanac.collector.config;

import io.almanac.aggregators.AggregationSettings;
import io.almanac.aggregators.AggregatorKind;
import io.almanac.aggregators.AggregatorSpec;
import io.almanac.cli.ByteSizes;
import io.almanac.cli.Durations;
import io.almanac.schema.SchemaSettings;
import io.almanac.schema.Table;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

/**
 * Reads the collector's configuration: a Java properties file whose keys are AMS's {@code
 * timeline.metrics.*} names where AMS has one and {@code almanac.*} otherwise, plus overrides from
 * the command line. Every key is known in advance: an unknown key is an error that names it, and
 * all errors of a file are reported together.
 */
public final class ConfigLoader {
  /** HTTP address as host:port, AMS's key. */
  public static final String WEBAPP_ADDRESS = "timeline.metrics.service.webapp.address";

  /** Host name /livenodes advertises; empty for the machine's name. */
  public static final String ADVERTISED_HOST = "almanac.http.advertised.host";

  /** Request threads. */
  public static final String HANDLER_THREADS = "timeline.metrics.service.handler.thread.count";

  /** embedded or distributed. */
  public static final String STORAGE_MODE = "almanac.storage.mode";

  /** The data directory. */
  public static final String DATA_DIR = "almanac.data.dir";

  /** ZooKeeper hosts of an existing HBase (distributed mode). */
  public static final String ZK_QUORUM = "almanac.storage.zookeeper.quorum";

  /** ZooKeeper client port of those hosts. */
  public static final String ZK_PORT = "almanac.storage.zookeeper.port";

  /** HBase root znode. */
  public static final String ZNODE_PARENT = "almanac.storage.zookeeper.znode.parent";

  /** Port of the embedded ZooKeeper; 0 picks a free one. */
  public static final String EMBEDDED_ZK_PORT = "almanac.embedded.zookeeper.port";

  /** Largest POST body. */
  public static final String MAX_REQUEST = "almanac.ingest.max.request.size";

  /** Points accepted but not yet committed. */
  public static final String BUFFER_POINTS = "almanac.ingest.buffer.points";

  /** How long a POST waits for its commit. */
  public static final String COMMIT_TIMEOUT = "almanac.ingest.commit.timeout";

  /** Points before this instant (an ISO date or epoch milliseconds) are refused. */
  public static final String EARLIEST_TIMESTAMP = "almanac.ingest.timestamp.earliest";

  /** Points more than this ahead of the collector's clock are refused. */
  public static final String MAX_AHEAD = "almanac.ingest.timestamp.max.ahead";

  /** AMS's row limit of a query. */
  public static final String RESULT_LIMIT = "timeline.metrics.service.default.result.limit";

  /** The points budget that decides a query's precision. */
  public static final String MAX_POINTS = "almanac.query.max.points";

  /** AMS's multi-cluster switch. */
  public static final String MULTIPLE_CLUSTERS = "timeline.metrics.support.multiple.clusters";

  /** Instance id given to metrics and queries without one when multi-cluster support is on. */
  public static final String DEFAULT_INSTANCE = "timeline.metrics.default.instanceid";

  /** Ignore POSTs to /containermetrics. */
  public static final String CONTAINER_METRICS_DISABLED =
      "timeline.metrics.service.container.metrics.disabled";

  /** How often the aggregation thread looks for due intervals. */
  public static final String AGGREGATION_TICK = "almanac.aggregation.tick";

  /** How long an interval marked by late data waits for more before it is aggregated again. */
  public static final String LATE_SETTLE = "almanac.aggregation.late.settle";

  /** How long after a 5-minute interval ends before the host aggregator takes it. */
  public static final String HOST_DELAY = "almanac.aggregation.host.delay";

  /** AMS's time shift of the cluster slices, in ms. */
  public static final String CLUSTER_TIMESHIFT =
      "timeline.metrics.service.cluster.aggregator.timeshift.adjustment";

  /** AMS's 30 s slice length, in seconds. */
  public static final String SLICE =
      "timeline.metrics.cluster.aggregator.second.timeslice.interval";

  /** Interpolate empty slices. */
  public static final String INTERPOLATION =
      "timeline.metrics.cluster.aggregator.interpolation.enabled";

  /** Metric names left out of cluster aggregation (SQL LIKE patterns). */
  public static final String CLUSTER_FILTERS = "timeline.metrics.cluster.aggregation.sql.filters";

  /** Apps whose hosts' HOST metrics are also aggregated under the app. */
  public static final String APP_IDS = "timeline.metrics.service.cluster.aggregator.appIds";

  /** HBase data block encoding of the metric tables. */
  public static final String BLOCK_ENCODING = "timeline.metrics.hbase.data.block.encoding";

  /** HBase compression of the metric tables. */
  public static final String COMPRESSION = "timeline.metrics.hbase.compression.scheme";

  private static final Map<String, String> DEFAULTS = defaults();

  private ConfigLoader() {}

  private static Map<String, String> defaults() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put(WEBAPP_ADDRESS, "0.0.0.0:6188");
    d.put(HANDLER_THREADS, "20");
    d.put(ADVERTISED_HOST, "");
    d.put(STORAGE_MODE, "embedded");
    d.put(DATA_DIR, "./data");
    d.put(ZK_QUORUM, "");
    d.put(ZK_PORT, "2181");
    d.put(ZNODE_PARENT, "/hbase");
    d.put(EMBEDDED_ZK_PORT, "0");
    d.put(MAX_REQUEST, "64m");
    d.put(BUFFER_POINTS, "auto");
    d.put(COMMIT_TIMEOUT, "30s");
    d.put(EARLIEST_TIMESTAMP, "2000-01-01");
    d.put(MAX_AHEAD, "1d");
    d.put(RESULT_LIMIT, "5760");
    d.put(MAX_POINTS, "10000000");
    d.put(MULTIPLE_CLUSTERS, "false");
    d.put(DEFAULT_INSTANCE, "DEFAULT");
    d.put(CONTAINER_METRICS_DISABLED, "false");
    d.put(AGGREGATION_TICK, "15s");
    d.put(HOST_DELAY, "60s");
    d.put(LATE_SETTLE, "30s");
    d.put(CLUSTER_TIMESHIFT, "90000");
    d.put(SLICE, "30");
    d.put(INTERPOLATION, "true");
    d.put(CLUSTER_FILTERS, "sdisk\\_%,boottime");
    d.put(APP_IDS, "datanode,nodemanager,hbase");
    for (AggregatorKind k : AggregatorKind.values()) {
      d.put(intervalKey(k), Long.toString(defaultIntervalSeconds(k)));
      d.put(disabledKey(k), "false");
    }
    d.put(BLOCK_ENCODING, "FAST_DIFF");
    d.put(COMPRESSION, "SNAPPY");
    for (Table t : Table.values()) {
      if (t.hasTtl()) {
        d.put(t.ttlKey(), Long.toString(t.defaultTtlSeconds()));
      }
    }
    return java.util.Collections.unmodifiableMap(d);
  }

  private static String amsPrefix(AggregatorKind k) {
    switch (k) {
      case HOST_MINUTE:
        return "timeline.metrics.host.aggregator.minute";
      case HOST_HOURLY:
        return "timeline.metrics.host.aggregator.hourly";
      case HOST_DAILY:
        return "timeline.metrics.host.aggregator.daily";
      case CLUSTER_SECOND:
        return "timeline.metrics.cluster.aggregator.second";
      case CLUSTER_MINUTE:
        return "timeline.metrics.cluster.aggregator.minute";
      case CLUSTER_HOURLY:
        return "timeline.metrics.cluster.aggregator.hourly";
      default:
        return "timeline.metrics.cluster.aggregator.daily";
    }
  }

  /** AMS's interval key of an aggregator (seconds). */
  public static String intervalKey(AggregatorKind k) {
    return amsPrefix(k) + ".interval";
  }

  /** AMS's disable key of an aggregator (the daily host one is its own key here, unlike AMS). */
  public static String disabledKey(AggregatorKind k) {
    return amsPrefix(k) + ".disabled";
  }

  private static long defaultIntervalSeconds(AggregatorKind k) {
    switch (k) {
      case HOST_MINUTE:
      case CLUSTER_MINUTE:
        return 300;
      case CLUSTER_SECOND:
        return 120;
      case HOST_HOURLY:
      case CLUSTER_HOURLY:
        return 3600;
      default:
        return 86_400;
    }
  }

  /** Every key with its default value, in documentation order. */
  public static Map<String, String> knownKeys() {
    return DEFAULTS;
  }

  /**
   * The configuration from {@code file} (may be null: defaults only) with {@code overrides} on top.
   */
  public static CollectorConfig load(Path file, Map<String, String> overrides) {
    Map<String, String> values = new LinkedHashMap<>();
    List<String> errors = new ArrayList<>();
    String source = file == null ? "the command line" : file.toString();
    if (file != null) {
      Properties props = new Properties();
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        props.load(r);
      } catch (IOException e) {
        throw new ConfigException(source, List.of("cannot read the file: " + e.getMessage()));
      }
      for (String key : props.stringPropertyNames()) {
        values.put(key, props.getProperty(key).trim());
      }
    }
    values.putAll(overrides);
    for (String key : values.keySet()) {
      if (!DEFAULTS.containsKey(key)) {
        errors.add("unknown key '" + key + "'" + suggestion(key));
      }
    }
    CollectorConfig config = build(new Values(values, errors));
    if (!errors.isEmpty()) {
      throw new ConfigException(source, errors);
    }
    return config;
  }

  private static String suggestion(String key) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String known : DEFAULTS.keySet()) {
      int d = distance(key, known);
      if (d < bestDistance) {
        bestDistance = d;
        best = known;
      }
    }
    return bestDistance <= 3 ? " (did you mean '" + best + "'?)" : "";
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private static CollectorConfig build(Values v) {
    String address = v.raw(WEBAPP_ADDRESS);
    int colon = address.lastIndexOf(':');
    String bind = "0.0.0.0";
    int port = 6188;
    if (colon <= 0) {
      v.errors.add(WEBAPP_ADDRESS + " must be host:port, got '" + address + "'");
    } else {
      bind = address.substring(0, colon);
      port =
          v.parse(
              WEBAPP_ADDRESS, address.substring(colon + 1), Integer::parseInt, "host:port", 6188);
    }
    HttpConfig http =
        new HttpConfig(bind, port, v.positiveInt(HANDLER_THREADS), v.raw(ADVERTISED_HOST));

    StorageMode mode =
        v.get(
            STORAGE_MODE,
            s -> StorageMode.valueOf(s.toUpperCase(Locale.ROOT)),
            "embedded or distributed");
    String quorum = v.raw(ZK_QUORUM);
    if (mode == StorageMode.DISTRIBUTED && quorum.isBlank()) {
      v.errors.add(ZK_QUORUM + " is required when " + STORAGE_MODE + "=distributed");
    }
    StorageConfig storage =
        new StorageConfig(
            mode,
            Path.of(v.raw(DATA_DIR)),
            quorum,
            v.positiveInt(ZK_PORT),
            v.raw(ZNODE_PARENT),
            v.get(EMBEDDED_ZK_PORT, Integer::parseInt, "a port number"));

    IngestConfig ingest =
        new IngestConfig(
            v.get(MAX_REQUEST, ByteSizes::parse, "a size like 64m"),
            v.get(BUFFER_POINTS, ConfigLoader::parseBufferPoints, "a number of points or auto"),
            v.get(COMMIT_TIMEOUT, Durations::parse, "a duration like 30s"),
            v.bool(CONTAINER_METRICS_DISABLED),
            v.get(
                EARLIEST_TIMESTAMP,
                ConfigLoader::parseInstant,
                "a date like 2000-01-01 or epoch milliseconds"),
            v.get(MAX_AHEAD, Durations::parse, "a duration like 1d"));

    QueryConfig query =
        new QueryConfig(
            v.positiveInt(RESULT_LIMIT),
            v.positiveLong(MAX_POINTS),
            v.bool(MULTIPLE_CLUSTERS),
            v.raw(DEFAULT_INSTANCE));

    Map<Table, Long> ttl = new EnumMap<>(Table.class);
    for (Table t : Table.values()) {
      if (t.hasTtl()) {
        long seconds = v.get(t.ttlKey(), Long::parseLong, "a number of seconds");
        if (seconds <= 0) {
          v.errors.add(t.ttlKey() + " must be positive, got " + seconds);
          seconds = t.defaultTtlSeconds();
        }
        ttl.put(t, seconds);
      }
    }
    SchemaSettings schema = new SchemaSettings(v.raw(BLOCK_ENCODING), v.raw(COMPRESSION), ttl);
    return new CollectorConfig(
        http, storage, ingest, query, schema, aggregation(v, query.multipleClusters(), ttl));
  }

  private static AggregationConfig aggregation(
      Values v, boolean multipleClusters, Map<Table, Long> ttlSeconds) {
    Map<AggregatorKind, AggregatorSpec> specs = new EnumMap<>(AggregatorKind.class);
    long hostDelay = v.get(HOST_DELAY, Durations::parse, "a duration like 60s").toMillis();
    long timeshift = v.get(CLUSTER_TIMESHIFT, Long::parseLong, "milliseconds");
    for (AggregatorKind k : AggregatorKind.values()) {
      long delay =
          k == AggregatorKind.HOST_MINUTE
              ? hostDelay
              : k == AggregatorKind.CLUSTER_SECOND ? timeshift : 0;
      long inputRetentionMs = ttlSeconds.get(Table.of(k.input())) * 1000L;
      specs.put(
          k,
          new AggregatorSpec(
              k,
              v.positiveInt(intervalKey(k)) * 1000L,
              !v.bool(disabledKey(k)),
              Math.max(0, delay),
              inputRetentionMs));
    }
    List<String> filters = commaList(v.raw(CLUSTER_FILTERS));
    List<String> appIds = commaList(v.raw(APP_IDS));
    AggregationSettings settings;
    try {
      settings =
          new AggregationSettings(
              specs,
              v.positiveInt(SLICE) * 1000L,
              v.bool(INTERPOLATION),
              filters,
              appIds,
              multipleClusters,
              v.get(LATE_SETTLE, Durations::parse, "a duration like 30s").toMillis());
    } catch (IllegalArgumentException e) {
      v.errors.add("aggregation intervals: " + e.getMessage());
      settings = null;
    }
    return new AggregationConfig(
        settings, v.get(AGGREGATION_TICK, Durations::parse, "a duration like 15s"));
  }

  private static List<String> commaList(String s) {
    return java.util.Arrays.stream(s.split(","))
        .map(String::trim)
        .filter(x -> !x.isEmpty())
        .toList();
  }

  /**
   * Bytes of heap one buffered point is budgeted: its decoded value, its share of the body and the
   * batch.
   */
  static final long BUFFER_BYTES_PER_POINT = 512;

  /**
   * A number of points, or {@code auto}: an eighth of the maximum heap at {@value
   * #BUFFER_BYTES_PER_POINT} bytes a point (about 2 million points on a 1 GiB heap), at least
   * 100,000.
   */
  static long parseBufferPoints(String s) {
    if (s.trim().equalsIgnoreCase("auto")) {
      return Math.max(100_000, Runtime.getRuntime().maxMemory() / BUFFER_BYTES_PER_POINT);
    }
    long n = Long.parseLong(s.trim());
    if (n <= 0) {
      throw new IllegalArgumentException(s);
    }
    return n;
  }

  /** Parses an instant: epoch milliseconds, a date ({@code 2000-01-01}, UTC) or an ISO instant. */
  static long parseInstant(String s) {
    String t = s.trim();
    if (t.chars().allMatch(Character::isDigit)) {
      return Long.parseLong(t);
    }
    if (t.length() == 10) {
      return java.time.LocalDate.parse(t)
          .atStartOfDay(java.time.ZoneOffset.UTC)
          .toInstant()
          .toEpochMilli();
    }
    return java.time.Instant.parse(t).toEpochMilli();
  }

  /** The merged raw values and the errors found while typing them. */
  private static final class Values {
    private final Map<String, String> values;
    private final List<String> errors;

    Values(Map<String, String> values, List<String> errors) {
      this.values = values;
      this.errors = errors;
    }

    String raw(String key) {
      return values.getOrDefault(key, DEFAULTS.get(key));
    }

    <T> T get(String key, Function<String, T> parser, String expected) {
      return parse(key, raw(key), parser, expected, parser.apply(DEFAULTS.get(key)));
    }

    <T> T parse(String key, String text, Function<String, T> parser, String expected, T fallback) {
      try {
        return parser.apply(text.trim());
      } catch (RuntimeException e) {
        errors.add(key + " must be " + expected + ", got '" + text + "'");
        return fallback;
      }
    }

    boolean bool(String key) {
      return get(
          key,
          s -> {
            if (!s.equalsIgnoreCase("true") && !s.equalsIgnoreCase("false")) {
              throw new IllegalArgumentException(s);
            }
            return Boolean.parseBoolean(s);
          },
          "true or false");
    }

    long positiveLong(String key) {
      return positive(key, Long::parseLong);
    }

    int positiveInt(String key) {
      return (int) positive(key, Integer::parseInt);
    }

    /**
     * A whole number above zero, parsed by {@code parser} (so an int key refuses a long); the
     * default otherwise.
     */
    private long positive(String key, Function<String, ? extends Number> parser) {
      long n = get(key, parser, "a positive whole number").longValue();
      if (n <= 0) {
        errors.add(key + " must be positive, got " + n);
        return parser.apply(DEFAULTS.get(key)).longValue();
      }
      return n;
    }
  }
}
