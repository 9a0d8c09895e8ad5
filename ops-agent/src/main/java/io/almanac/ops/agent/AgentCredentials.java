package io.almanac.ops.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.almanac.cli.Pem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The credential this agent got from the ops server at enrollment, kept in {@code
 * <data-dir>/credentials}: the host token it presents on every connection and the client
 * certificate (with its own private key, which never leaves this host) it presents in the TLS
 * handshake.
 *
 * @param hostname the host the credential stands for
 * @param token the host token
 * @param key this agent's private key
 * @param chain its certificate, then the server's agent CA
 */
record AgentCredentials(
    String hostname, String token, PrivateKey key, List<X509Certificate> chain) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final char[] IN_MEMORY = "almanac".toCharArray();

  /** The server refused the enrollment, or answered with no certificate. */
  static final class EnrollmentFailed extends Exception {
    EnrollmentFailed(String message) {
      super(message);
    }
  }

  static Path directory(Path dataDir) {
    return dataDir.resolve("credentials");
  }

  /** The credential kept in {@code dataDir} for {@code hostname}, or null when there is none. */
  static AgentCredentials load(Path dataDir, String hostname) throws IOException {
    Path dir = directory(dataDir);
    Path host = dir.resolve("host.json");
    if (!Files.exists(host)) {
      return null;
    }
    JsonNode saved = JSON.readTree(host.toFile());
    if (!hostname.equals(saved.path("hostname").asText())) {
      return null; // enrolled under another name: this name needs its own credential
    }
    try {
      return new AgentCredentials(
          hostname,
          saved.path("token").asText(),
          privateKey(Files.readString(dir.resolve("agent.key"))),
          certificates(Files.readString(dir.resolve("agent.crt"))));
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot read the credential in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Forgets the kept credential (the server no longer takes it). */
  static void discard(Path dataDir) throws IOException {
    Files.deleteIfExists(directory(dataDir).resolve("host.json"));
  }

  /**
   * Enrolls {@code hostname} at {@code enrollUri} with the server's enrollment token and keeps the
   * credential it answers with.
   */
  static AgentCredentials enroll(
      HttpClient http, URI enrollUri, String enrollToken, String hostname, Path dataDir)
      throws EnrollmentFailed, IOException, InterruptedException {
    KeyPair pair;
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      pair = generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JVM has EC P-256", e);
    }
    String body =
        JSON.writeValueAsString(
            Map.of(
                "hostname",
                hostname,
                "publicKey",
                Base64.getEncoder().encodeToString(pair.getPublic().getEncoded())));
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(enrollUri)
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + enrollToken)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      String why = response.body();
      try {
        why = JSON.readTree(why).path("error").asText(why);
      } catch (IOException e) {
        // not JSON: show it as it is
      }
      throw new EnrollmentFailed(
          "the ops server refused the enrollment (" + response.statusCode() + "): " + why);
    }
    JsonNode answer = JSON.readTree(response.body());
    String token = answer.path("token").asText();
    String chainPem = answer.path("certificatePem").asText() + answer.path("caPem").asText();
    List<X509Certificate> chain;
    try {
      chain = certificates(chainPem);
    } catch (GeneralSecurityException e) {
      throw new EnrollmentFailed("the server's answer holds no certificate: " + e);
    }
    Path dir = directory(dataDir);
    Files.createDirectories(dir);
    AtomicFiles.replace(
        dir.resolve("agent.key"),
        Pem.encode("PRIVATE KEY", pair.getPrivate().getEncoded())
            .getBytes(StandardCharsets.US_ASCII),
        true);
    AtomicFiles.replace(
        dir.resolve("agent.crt"), chainPem.getBytes(StandardCharsets.US_ASCII), false);
    // Written last: its presence says the rest is complete.
    AtomicFiles.replace(
        dir.resolve("host.json"),
        JSON.writeValueAsBytes(Map.of("hostname", hostname, "token", token)),
        true);
    return new AgentCredentials(hostname, token, pair.getPrivate(), chain);
  }

  /**
   * An SSL context that presents this credential's certificate and trusts {@code trust} (null: the
   * JVM's CAs).
   */
  SSLContext sslContext(KeyStore trust) throws IOException {
    try {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry("agent", key, IN_MEMORY, chain.toArray(new Certificate[0]));
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, IN_MEMORY);
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot use the agent's certificate: " + e.getMessage(), e);
    }
  }

  private static PrivateKey privateKey(String pem) throws GeneralSecurityException {
    String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return KeyFactory.getInstance("EC")
        .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
  }

  private static List<X509Certificate> certificates(String pem) throws GeneralSecurityException {
    List<X509Certificate> out = new ArrayList<>();
    for (Certificate c :
        CertificateFactory.getInstance("X.509")
            .generateCertificates(
                new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
      out.add((X509Certificate) c);
    }
    if (out.isEmpty()) {
      throw new GeneralSecurityException("no certificate");
    }
    return out;
  }
}
