package io.almanac.sinks.hadoop;

import io.almanac.cli.TokenFiles;
import io.almanac.sinks.emitter.EmitterConfig;
import io.almanac.sinks.emitter.LocalHost;
import io.almanac.sinks.emitter.SinkMetric;
import io.almanac.sinks.emitter.TimelineEmitter;
import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.configuration2.SubsetConfiguration;
import org.apache.hadoop.metrics2.AbstractMetric;
import org.apache.hadoop.metrics2.MetricType;
import org.apache.hadoop.metrics2.MetricsException;
import org.apache.hadoop.metrics2.MetricsRecord;
import org.apache.hadoop.metrics2.MetricsSink;
import org.apache.hadoop.metrics2.MetricsTag;

/**
 * A Hadoop metrics2 sink that sends to Almanac (or AMS) collectors, configured in {@code
 * hadoop-metrics2.properties} with AMS's {@code *.sink.timeline.*} keys. Metric names are built as
 * AMS builds them: {@code <context>.<record>[.<tag>=<value>...].<metric>}. Points are buffered per
 * metric and sent every {@code sendInterval} from the emitter's own thread.
 */
public class TimelineMetricsSink implements MetricsSink, Closeable {
  private String appId;
  private String hostName;
  private String instanceId;
  private long sendIntervalMs;
  private Map<String, List<String>> tagsForPrefix;
  private TimelineEmitter emitter;
  private final Map<String, Series> buffer = new LinkedHashMap<String, Series>();
  private long lastSent;

  /** Points of one metric waiting for the next send. */
  private static final class Series {
    final String type;
    final Map<String, String> metadata;
    final TreeMap<Long, Double> points = new TreeMap<Long, Double>();

    Series(String type, Map<String, String> metadata) {
      this.type = type;
      this.metadata = metadata;
    }
  }

  @Override
  public void init(SubsetConfiguration conf) {
    appId = conf.getString("serviceName", appIdFromPrefix(conf.getPrefix()));
    hostName = conf.getString("slave.host.name", LocalHost.name());
    instanceId =
        conf.getBoolean("set.instanceId", false) ? conf.getString("instanceId", null) : null;
    sendIntervalMs = conf.getLong("sendInterval", 59_000L);
    tagsForPrefix = new HashMap<String, List<String>>();
    for (java.util.Iterator<String> keys = conf.getKeys("tagsForPrefix"); keys.hasNext(); ) {
      String key = keys.next();
      String context = key.substring("tagsForPrefix.".length());
      tagsForPrefix.put(context, Arrays.asList(conf.getStringArray(key)));
    }
    EmitterConfig config =
        new EmitterConfig()
            .collectors(collectorHosts(conf))
            .protocol(conf.getString("protocol", "http"))
            .port(conf.getInt("port", 6188))
            .hostName(hostName)
            .timeoutMs(conf.getInt("timeout", 10) * 1000)
            .spoolMaxBytes(conf.getLong("spool.maxBytes", 64L << 20))
            .discoveryIntervalMs(conf.getLong("discoveryInterval", 10 * 60_000L));
    String spoolDir = conf.getString("spool.dir", null);
    if (spoolDir != null) {
      config.spoolDir(new File(spoolDir));
    }
    String truststore = conf.getString("truststore.path", null);
    if (truststore != null) {
      config.truststore(
          truststore,
          conf.getString("truststore.type", null),
          conf.getString("truststore.password", null));
    }
    String tokenFile = conf.getString("token.file", null);
    if (tokenFile != null) {
      try {
        config.token(TokenFiles.read(new File(tokenFile)));
      } catch (IOException e) {
        throw new MetricsException("token.file: " + e.getMessage(), e);
      }
    }
    emitter = new TimelineEmitter(config);
  }

  /** {@code namenode.sink.timeline} → {@code namenode}, as AMS's serviceName default. */
  static String appIdFromPrefix(String prefix) {
    if (prefix == null || prefix.isEmpty()) {
      return "unknown";
    }
    int dot = prefix.indexOf('.');
    return dot < 0 ? prefix : prefix.substring(0, dot);
  }

  private static List<String> collectorHosts(SubsetConfiguration conf) {
    List<String> hosts = new ArrayList<String>();
    for (String key : new String[] {"collector.hosts", "collector"}) {
      for (String h : conf.getStringArray(key)) {
        for (String part : h.split(",")) {
          if (!part.trim().isEmpty()) {
            hosts.add(stripScheme(part.trim()));
          }
        }
      }
    }
    if (hosts.isEmpty()) {
      throw new IllegalArgumentException("set collector.hosts for the timeline sink");
    }
    return hosts;
  }

  private static String stripScheme(String host) {
    int at = host.indexOf("://");
    return at < 0 ? host : host.substring(at + 3);
  }

  @Override
  public synchronized void putMetrics(MetricsRecord record) {
    StringBuilder prefix = new StringBuilder(record.context()).append('.').append(record.name());
    List<String> wanted = tagsForPrefix.get(record.context());
    Map<String, String> metadata = Collections.<String, String>emptyMap();
    for (MetricsTag tag : record.tags()) {
      if ("skipAggregation".equals(tag.name()) && "true".equalsIgnoreCase(tag.value())) {
        metadata = Collections.singletonMap("skipAggregation", "true");
      }
      if (wanted != null
          && (wanted.contains("*") || wanted.contains(tag.name()))
          && tag.value() != null) {
        prefix.append('.').append(tag.name()).append('=').append(tag.value());
      }
    }
    for (AbstractMetric metric : record.metrics()) {
      String name = prefix + "." + metric.name();
      String type = metric.type() == MetricType.COUNTER ? "COUNTER" : "GAUGE";
      Series series = buffer.get(name);
      if (series == null) {
        series = new Series(type, metadata);
        buffer.put(name, series);
      }
      series.points.put(record.timestamp(), metric.value().doubleValue());
    }
  }

  /** Sends what was buffered once {@code sendInterval} has passed since the last send. */
  @Override
  public synchronized void flush() {
    long now = System.currentTimeMillis();
    if (buffer.isEmpty() || now - lastSent < sendIntervalMs) {
      return;
    }
    sendBuffered();
    lastSent = now;
  }

  private void sendBuffered() {
    List<SinkMetric> metrics = new ArrayList<SinkMetric>(buffer.size());
    for (Map.Entry<String, Series> e : buffer.entrySet()) {
      Series s = e.getValue();
      metrics.add(
          new SinkMetric(
              e.getKey(), appId, instanceId, hostName, s.type, null, s.points, s.metadata));
    }
    buffer.clear();
    emitter.emit(metrics);
  }

  /** The emitter, for its counters. */
  public TimelineEmitter emitter() {
    return emitter;
  }

  /** Sends what is buffered and stops the emitter (unsent batches stay in the spool). */
  @Override
  public synchronized void close() {
    if (!buffer.isEmpty()) {
      sendBuffered();
    }
    emitter.close();
  }
}
