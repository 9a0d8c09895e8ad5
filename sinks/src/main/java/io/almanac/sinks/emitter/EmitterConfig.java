package io.almanac.sinks.emitter;

import java.io.File;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How an emitter reaches the collectors. Built with the setters (all optional but {@link
 * #collectors}); read by the emitter once.
 */
public final class EmitterConfig {
  private List<String> collectors = new ArrayList<String>();
  private String protocol = "http";
  private int port = 6188;
  private String hostName = LocalHost.name();
  private int timeoutMs = 10_000;
  private int failoverAfter = 3;
  private File spoolDir;
  private long spoolMaxBytes = 64L << 20;
  private String truststorePath;
  private String truststoreType = "jks";
  private String truststorePassword;
  private long discoveryIntervalMs = 10 * 60_000L;
  private int queueBatches = 100;
  private long retryBackoffMs = 1000;

  /** Collector hosts, each {@code host} or {@code host:port}; the first to ask for live nodes. */
  public EmitterConfig collectors(List<String> hosts) {
    this.collectors = new ArrayList<String>(hosts);
    return this;
  }

  /** {@code http} (default) or {@code https}. */
  public EmitterConfig protocol(String protocol) {
    this.protocol = protocol;
    return this;
  }

  /** Port of collectors given without one (default 6188). */
  public EmitterConfig port(int port) {
    this.port = port;
    return this;
  }

  /** This host's name: it picks the collector this host sends to (AMS's hostname sharding). */
  public EmitterConfig hostName(String hostName) {
    this.hostName = hostName;
    return this;
  }

  /** Connect and read timeout of one POST (default 10 s). */
  public EmitterConfig timeoutMs(int timeoutMs) {
    this.timeoutMs = timeoutMs;
    return this;
  }

  /** Consecutive failures after which the next collector is tried (default 3, as AMS). */
  public EmitterConfig failoverAfter(int failures) {
    this.failoverAfter = failures;
    return this;
  }

  /** Where batches wait while no collector answers; null keeps them in memory only. */
  public EmitterConfig spoolDir(File dir) {
    this.spoolDir = dir;
    return this;
  }

  /**
   * Most bytes the spool holds; beyond it the oldest batches are dropped and counted (default 64
   * MiB).
   */
  public EmitterConfig spoolMaxBytes(long bytes) {
    this.spoolMaxBytes = bytes;
    return this;
  }

  /** Truststore for HTTPS. */
  public EmitterConfig truststore(String path, String type, String password) {
    this.truststorePath = path;
    this.truststoreType = type == null ? "jks" : type;
    this.truststorePassword = password;
    return this;
  }

  /** How often the live collectors are asked for (default 10 minutes; 0 turns discovery off). */
  public EmitterConfig discoveryIntervalMs(long ms) {
    this.discoveryIntervalMs = ms;
    return this;
  }

  /** Batches waiting in memory before new ones go to the spool (default 100). */
  public EmitterConfig queueBatches(int batches) {
    this.queueBatches = batches;
    return this;
  }

  /** First wait between retries, doubled each time up to 30 s (default 1 s). */
  public EmitterConfig retryBackoffMs(long ms) {
    this.retryBackoffMs = ms;
    return this;
  }

  long retryBackoffMs() {
    return retryBackoffMs;
  }

  List<String> collectors() {
    return Collections.unmodifiableList(collectors);
  }

  String protocol() {
    return protocol;
  }

  int port() {
    return port;
  }

  String hostName() {
    return hostName;
  }

  int timeoutMs() {
    return timeoutMs;
  }

  int failoverAfter() {
    return failoverAfter;
  }

  File spoolDir() {
    return spoolDir;
  }

  long spoolMaxBytes() {
    return spoolMaxBytes;
  }

  String truststorePath() {
    return truststorePath;
  }

  String truststoreType() {
    return truststoreType;
  }

  String truststorePassword() {
    return truststorePassword;
  }

  long discoveryIntervalMs() {
    return discoveryIntervalMs;
  }

  int queueBatches() {
    return queueBatches;
  }
}
