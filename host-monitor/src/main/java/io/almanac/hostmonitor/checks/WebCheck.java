package io.almanac.hostmonitor.checks;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Sends a GET to a URL, as Ambari's WEB alert does: OK when the status is one of {@code statuses}
 * (any 2xx or 3xx when empty; redirects are not followed), CRITICAL for another status or no answer
 * within the timeout, WARNING when the answer came slower than {@code warning}. An {@code https}
 * URL is checked against the JVM's trusted CAs, or only against the PEM certificates of {@code
 * caFile} when given.
 */
public final class WebCheck implements HostCheck {
  private final String name;
  private final URI url;
  private final Set<Integer> statuses;
  private final Duration interval;
  private final Duration timeout;
  private final Duration warning;
  private final HttpClient client;

  /**
   * A check of {@code url}.
   *
   * @param warning answer time above which the check warns; null for never
   * @param caFile PEM file of the CA certificates to trust; null for the JVM's
   * @throws IllegalArgumentException when the CA file cannot be read
   */
  public WebCheck(
      String name,
      URI url,
      Set<Integer> statuses,
      Duration interval,
      Duration timeout,
      Duration warning,
      Path caFile) {
    this.name = name;
    this.url = url;
    this.statuses = Set.copyOf(statuses);
    this.interval = interval;
    this.timeout = timeout;
    this.warning = warning;
    HttpClient.Builder builder =
        HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER);
    if (caFile != null) {
      builder.sslContext(trusting(caFile));
    }
    this.client = builder.build();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String target() {
    return url.toString();
  }

  @Override
  public Duration interval() {
    return interval;
  }

  @Override
  public Duration timeout() {
    return timeout;
  }

  /** The statuses that count as OK; empty for any 2xx or 3xx. */
  public Set<Integer> statuses() {
    return statuses;
  }

  @Override
  public CheckResult run() {
    long start = System.nanoTime();
    try {
      HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).GET().build();
      HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
      double seconds = HostCheck.secondsSince(start);
      int status = response.statusCode();
      boolean expected =
          statuses.isEmpty() ? status >= 200 && status < 400 : statuses.contains(status);
      String message = String.format("HTTP %d from %s in %.3f s", status, url, seconds);
      if (!expected) {
        return new CheckResult(CheckStatus.CRITICAL, seconds, message);
      }
      boolean slow = warning != null && seconds * 1000 > warning.toMillis();
      return new CheckResult(slow ? CheckStatus.WARNING : CheckStatus.OK, seconds, message);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new CheckResult(CheckStatus.UNKNOWN, HostCheck.secondsSince(start), "interrupted");
    } catch (IOException | RuntimeException e) {
      return new CheckResult(
          CheckStatus.CRITICAL, HostCheck.secondsSince(start), "no answer from " + url + ": " + e);
    }
  }

  private static SSLContext trusting(Path caFile) {
    try (InputStream in = Files.newInputStream(caFile)) {
      KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
      trusted.load(null, null);
      int i = 0;
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        trusted.setCertificateEntry("ca-" + i++, c);
      }
      if (i == 0) {
        throw new IllegalArgumentException(caFile + " holds no PEM certificate");
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cannot read CA certificates from " + caFile + ": " + e, e);
    }
  }
}
