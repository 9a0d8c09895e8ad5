package io.almanac.collector.config;

import static io.almanac.collector.config.ConfigKeys.*;

import io.almanac.aggregators.AggregationSettings;
import io.almanac.aggregators.AggregatorKind;
import io.almanac.aggregators.AggregatorSpec;
import io.almanac.runtime.security.Networks;
import io.almanac.runtime.tls.ServerTls;
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

/**
 * Reads the collector's configuration: a Java properties file whose keys are AMS's {@code
 * timeline.metrics.*} names where AMS has one and {@code almanac.*} otherwise, plus overrides from
 * the command line. Every key is known in advance: an unknown key is an error that names it, and
 * all errors of a file are reported together.
 */
public final class ConfigLoader {
  private ConfigLoader() {}

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
      if (ConfigKeys.named(key) == null) {
        errors.add("unknown key '" + key + "'" + suggestion(key));
      }
    }
    CollectorConfig config = build(new ConfigValues(values, errors));
    if (!errors.isEmpty()) {
      throw new ConfigException(source, errors);
    }
    return config;
  }

  private static String suggestion(String key) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (ConfigKey declared : ConfigKeys.all()) {
      String known = declared.name();
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

  private static CollectorConfig build(ConfigValues v) {
    String address = v.raw(WEBAPP_ADDRESS);
    int colon = address.lastIndexOf(':');
    String bind = "0.0.0.0";
    int port = 6188;
    if (colon <= 0) {
      v.error(WEBAPP_ADDRESS.name() + " must be host:port, got '" + address + "'");
    } else {
      bind = address.substring(0, colon);
      port =
          v.parse(
              WEBAPP_ADDRESS, address.substring(colon + 1), Integer::parseInt, "host:port", 6188);
    }
    HttpConfig http =
        new HttpConfig(
            bind,
            port,
            v.positiveInt(HANDLER_THREADS),
            v.text(ADVERTISED_HOST),
            tls(v),
            access(v),
            requestLog(v));

    StorageMode mode =
        v.get(
            STORAGE_MODE,
            s -> StorageMode.valueOf(s.toUpperCase(Locale.ROOT)),
            "embedded or distributed");
    String quorum = v.text(ZK_QUORUM);
    if (mode == StorageMode.DISTRIBUTED && quorum.isBlank()) {
      v.error(ZK_QUORUM.name() + " is required when " + STORAGE_MODE.name() + "=distributed");
    }
    StorageConfig storage =
        new StorageConfig(
            mode,
            Path.of(v.text(DATA_DIR)),
            quorum,
            v.positiveInt(ZK_PORT),
            v.text(ZNODE_PARENT),
            (int) v.number(EMBEDDED_ZK_PORT),
            v.bool(DIRECT_HBASE),
            v.get(SEAL, s -> parseSeal(s, mode), "auto, true or false"),
            v.duration(SEAL_AFTER),
            v.duration(CLUSTER_SESSION_TIMEOUT));

    IngestConfig ingest =
        new IngestConfig(
            v.size(MAX_REQUEST),
            v.get(BUFFER_POINTS, ConfigLoader::parseBufferPoints, "a number of points or auto"),
            v.duration(COMMIT_TIMEOUT),
            v.bool(CONTAINER_METRICS_DISABLED),
            v.get(
                EARLIEST_TIMESTAMP,
                ConfigLoader::parseInstant,
                "a date like 2000-01-01 or epoch milliseconds"),
            v.duration(MAX_AHEAD));

    QueryConfig query =
        new QueryConfig(
            v.positiveInt(RESULT_LIMIT),
            v.positiveLong(MAX_POINTS),
            v.bool(MULTIPLE_CLUSTERS),
            v.text(DEFAULT_INSTANCE));

    Map<Table, Long> ttl = new EnumMap<>(Table.class);
    for (Table t : Table.values()) {
      if (t.hasTtl()) {
        ttl.put(t, v.positiveLong(ConfigKeys.ttl(t)));
      }
    }
    SchemaSettings schema = new SchemaSettings(v.text(BLOCK_ENCODING), v.text(COMPRESSION), ttl);
    return new CollectorConfig(
        http,
        storage,
        ingest,
        query,
        schema,
        aggregation(v, query.multipleClusters(), ttl),
        alerting(v),
        v.duration(SELF_METRICS_INTERVAL));
  }

  private static ServerTls tls(ConfigValues v) {
    String certificate = v.text(TLS_CERTIFICATE).trim();
    String key = v.text(TLS_PRIVATE_KEY).trim();
    if (certificate.isEmpty() && key.isEmpty()) {
      return null;
    }
    if (certificate.isEmpty() || key.isEmpty()) {
      v.error(
          TLS_CERTIFICATE.name()
              + " and "
              + TLS_PRIVATE_KEY.name()
              + " are set together or not at all");
      return null;
    }
    existingFile(v, TLS_CERTIFICATE, certificate);
    existingFile(v, TLS_PRIVATE_KEY, key);
    return ServerTls.of(Path.of(certificate), Path.of(key));
  }

  private static AccessConfig access(ConfigValues v) {
    String tokens = v.text(SECURITY_TOKENS).trim();
    Networks open = Networks.none();
    try {
      open = Networks.parse(v.text(SECURITY_OPEN_NETWORKS));
    } catch (IllegalArgumentException e) {
      v.error(SECURITY_OPEN_NETWORKS.name() + ": " + e.getMessage());
    }
    if (tokens.isEmpty()) {
      if (!open.isEmpty()) {
        v.error(
            SECURITY_OPEN_NETWORKS.name()
                + " has no effect without "
                + SECURITY_TOKENS.name()
                + " (without tokens every network may write)");
      }
      return null;
    }
    existingFile(v, SECURITY_TOKENS, tokens);
    return new AccessConfig(Path.of(tokens), open);
  }

  /** The request log's file, in a directory that exists; null when none is asked for. */
  private static Path requestLog(ConfigValues v) {
    String file = v.text(REQUEST_LOG).trim();
    if (file.isEmpty()) {
      return null;
    }
    Path dir = Path.of(file).toAbsolutePath().getParent();
    if (!Files.isDirectory(dir)) {
      v.error(REQUEST_LOG.name() + ": no directory " + dir);
    }
    return Path.of(file);
  }

  private static void existingFile(ConfigValues v, ConfigKey key, String file) {
    if (!Files.isRegularFile(Path.of(file))) {
      v.error(key.name() + ": no file " + Path.of(file).toAbsolutePath());
    } else if (!Files.isReadable(Path.of(file))) {
      v.error(key.name() + ": " + Path.of(file).toAbsolutePath() + " is not readable");
    }
  }

  private static AlertingConfig alerting(ConfigValues v) {
    String external = v.text(ALERTING_EXTERNAL_URL).trim();
    return new AlertingConfig(
        commaList(v.text(ALERTING_RULES)),
        v.duration(ALERTING_INTERVAL),
        v.duration(ALERTING_RESEND),
        uris(v, ALERTMANAGER_URLS),
        uris(v, WEBHOOK_URLS),
        v.positiveInt(ALERTING_QUEUE),
        external.endsWith("/") ? external.substring(0, external.length() - 1) : external);
  }

  private static List<java.net.URI> uris(ConfigValues v, ConfigKey key) {
    List<java.net.URI> out = new ArrayList<>();
    for (String u : commaList(v.text(key))) {
      try {
        java.net.URI uri = new java.net.URI(u);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
          v.error(key.name() + ": '" + u + "' is not an http:// or https:// address");
        } else {
          out.add(uri);
        }
      } catch (java.net.URISyntaxException e) {
        v.error(key.name() + ": '" + u + "' is not an address: " + e.getReason());
      }
    }
    return out;
  }

  private static AggregationConfig aggregation(
      ConfigValues v, boolean multipleClusters, Map<Table, Long> ttlSeconds) {
    Map<AggregatorKind, AggregatorSpec> specs = new EnumMap<>(AggregatorKind.class);
    long hostDelay = v.duration(HOST_DELAY).toMillis();
    long timeshift = v.number(CLUSTER_TIMESHIFT);
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
              v.positiveInt(ConfigKeys.interval(k)) * 1000L,
              !v.bool(ConfigKeys.disabled(k)),
              Math.max(0, delay),
              inputRetentionMs));
    }
    List<String> filters = commaList(v.text(CLUSTER_FILTERS));
    List<String> appIds = commaList(v.text(APP_IDS));
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
              v.duration(LATE_SETTLE).toMillis());
    } catch (IllegalArgumentException e) {
      v.error("aggregation intervals: " + e.getMessage());
      settings = null;
    }
    return new AggregationConfig(settings, v.duration(AGGREGATION_TICK));
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

  /**
   * Whether to seal: {@code true}, {@code false}, or {@code auto} (only on the embedded HBase,
   * whose region server is set up for it; see {@link ConfigKeys#SEAL}).
   */
  static boolean parseSeal(String s, StorageMode mode) {
    return switch (s.trim().toLowerCase(Locale.ROOT)) {
      case "auto" -> mode == StorageMode.EMBEDDED;
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(s);
    };
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
}
