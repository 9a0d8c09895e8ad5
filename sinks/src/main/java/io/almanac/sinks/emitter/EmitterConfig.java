package io.almanac.sinks.emitter;

import io.almanac.cli.ServerAddress;
import io.almanac.cli.TokenFiles;
import io.almanac.cli.TrustFiles;
import java.io.File;
import java.io.IOException;
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
  private String truststoreType;
  private String truststorePassword;
  private String token;
  private long discoveryIntervalMs = 10 * 60_000L;
  private int queueBatches = 100;
  private long retryBackoffMs = 1000;

  /** Collector hosts, each {@code host} or {@code host:port}; the first to ask for live nodes. */
  public EmitterConfig collectors(List<String> hosts) {
    this.collectors = new ArrayList<String>(hosts);
    return this;
  }

  /**
   * Collectors given as addresses ({@code http://HOST:PORT}, {@code https://HOST:PORT}, {@code
   * HOST:PORT} or {@code HOST}): their hosts and ports, and the protocol they share.
   *
   * @throws IllegalArgumentException when one is not an address, or some are {@code https://} and
   *     others not
   */
  public EmitterConfig collectorUrls(List<String> urls) {
    List<String> hosts = new ArrayList<String>();
    Boolean tls = null;
    for (String url : urls) {
      ServerAddress a = ServerAddress.parse(url, port);
      if (tls != null && tls != a.tls()) {
        throw new IllegalArgumentException("the collectors must all be https:// or none: " + urls);
      }
      tls = a.tls();
      hosts.add(a.hostPort());
    }
    this.collectors = hosts;
    this.protocol = Boolean.TRUE.equals(tls) ? "https" : "http";
    return this;
  }

  /**
   * The CAs to trust ({@code ca}: PEM, or a .jks/.p12 truststore) and the file of the token to
   * send, as a command line's {@code --ca} and {@code --token-file} give them; either may be null.
   *
   * @throws IOException when the token file cannot be read
   */
  public EmitterConfig security(File ca, File tokenFile) throws IOException {
    if (ca != null) {
      truststore(ca.getPath(), null, null);
    }
    return token(tokenFile == null ? null : TokenFiles.read(tokenFile));
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

  /**
   * The CAs trusted for HTTPS: a JKS or PKCS#12 truststore or a PEM file of certificates. {@code
   * type} ({@code jks}, {@code pkcs12}, {@code pem}) may be null: PEM for names ending in {@code
   * .pem}, {@code .crt} or {@code .cer}, PKCS#12 for {@code .p12} and {@code .pfx}, else JKS (AMS's
   * default).
   */
  public EmitterConfig truststore(String path, String type, String password) {
    this.truststorePath = path;
    this.truststoreType = type;
    this.truststorePassword = password;
    return this;
  }

  /** A token sent as {@code Authorization: Bearer} with every request (null: none). */
  public EmitterConfig token(String token) {
    this.token = token;
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

  /** The collectors, {@code HOST:PORT}. */
  public List<String> collectors() {
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
    return TrustFiles.typeOf(new File(truststorePath).toPath(), truststoreType, "JKS");
  }

  String token() {
    return token;
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
