package io.almanac.ops.server.security;

import io.almanac.ops.server.model.AgentCredential;
import io.almanac.ops.server.store.CredentialStore;
import io.almanac.ops.server.store.OpsDatabase;
import io.almanac.runtime.security.Caller;
import io.almanac.runtime.security.TokenFile;
import io.almanac.runtime.security.TokenLookup;
import io.almanac.runtime.tls.CertificateAuthority;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the shared enrollment token into one credential per agent host: a host token and a client
 * certificate from the server's own CA (kept in {@code <data-dir>/agent-ca}), both bound to the
 * host name. The agent keeps them and presents them from then on: the token on every connection,
 * the certificate in the TLS handshake when the channel runs TLS. A credential can be revoked (the
 * host is refused, also when it enrolls again) or forgotten (the host may enroll again).
 */
public final class AgentEnrollment {
  private static final Logger LOG = LoggerFactory.getLogger(AgentEnrollment.class);

  /** The role of a caller that presented a host token. */
  public static final String AGENT_ROLE = "agent";

  /** How long an agent's certificate is valid; revocation ends it earlier. */
  static final Duration CERTIFICATE_VALIDITY = Duration.ofDays(5 * 365);

  private static final Pattern HOSTNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,252}");
  private static final SecureRandom RANDOM = new SecureRandom();

  /** What a newly enrolled agent receives. */
  public record Enrolled(String hostname, String token, String certificatePem, String caPem) {}

  /** An enrollment: the agent's answer, and whether it replaced a credential the host held. */
  public record Enrollment(Enrolled answer, boolean replaced) {}

  /** A refused enrollment: {@code status} 400 for a malformed one, 403 for a revoked host. */
  public static final class Refused extends Exception {
    private final int status;

    Refused(int status, String message) {
      super(message);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  private final OpsDatabase db;
  private final CertificateAuthority ca;
  private final Path caFile;
  private final Clock clock;
  private final CredentialStore store = new CredentialStore();

  private AgentEnrollment(OpsDatabase db, CertificateAuthority ca, Path caFile, Clock clock) {
    this.db = db;
    this.ca = ca;
    this.caFile = caFile;
    this.clock = clock;
  }

  /** The enrollment of a server with its data in {@code dataDir}; its CA is made at first use. */
  public static AgentEnrollment open(Path dataDir, OpsDatabase db, Clock clock) throws IOException {
    Path dir = dataDir.resolve("agent-ca");
    Path certificate = dir.resolve("ca.crt");
    Path key = dir.resolve("ca.key");
    CertificateAuthority ca;
    if (Files.exists(certificate) && Files.exists(key)) {
      ca = CertificateAuthority.load(certificate, key);
    } else {
      Files.createDirectories(dir);
      ca = CertificateAuthority.create("Almanac ops agents CA", Duration.ofDays(20 * 365));
      ca.write(certificate, key);
      LOG.info("Made the CA of agent certificates in {}", dir.toAbsolutePath());
    }
    return new AgentEnrollment(db, ca, certificate, clock);
  }

  /** The PEM file of the CA that signs agent certificates (a TLS listener's client CA). */
  public Path caFile() {
    return caFile;
  }

  /**
   * Issues {@code hostname} a credential for {@code publicKeyBase64} (the agent's public key, X.509
   * SubjectPublicKeyInfo DER in Base64), replacing any it had.
   *
   * @throws Refused for a malformed request or a host whose credential was revoked
   */
  public Enrollment enroll(String hostname, String publicKeyBase64) throws Refused, SQLException {
    if (hostname == null || !HOSTNAME.matcher(hostname).matches()) {
      throw new Refused(400, "hostname must be a host name (letters, digits, '.', '-', '_')");
    }
    PublicKey publicKey = publicKey(publicKeyBase64);
    Optional<AgentCredential> existing = db.read(c -> store.ofHost(c, hostname));
    if (existing.isPresent() && existing.get().revoked()) {
      throw new Refused(
          403,
          "the credential of "
              + hostname
              + " was revoked; an admin must forget it (DELETE /api/v1/admin/agents/"
              + hostname
              + ") before it can enroll again");
    }
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    String token = HexFormat.of().formatHex(secret);
    X509Certificate certificate = ca.certifyClient(hostname, publicKey, CERTIFICATE_VALIDITY);
    AgentCredential credential =
        new AgentCredential(
            hostname,
            TokenFile.digest(token),
            certificate.getSerialNumber().toString(16),
            clock.millis(),
            null);
    db.inTransaction(
        c -> {
          store.put(c, credential);
          return null;
        });
    return new Enrollment(
        new Enrolled(
            hostname,
            token,
            CertificateAuthority.pem(certificate),
            CertificateAuthority.pem(ca.certificate())),
        existing.isPresent());
  }

  /** Host tokens: the caller is the host (role {@value #AGENT_ROLE}) while not revoked. */
  public TokenLookup hostTokens() {
    return token -> {
      try {
        return db.read(c -> store.ofToken(c, TokenFile.digest(token)))
            .filter(credential -> !credential.revoked())
            .map(credential -> new Caller(credential.hostname(), AGENT_ROLE));
      } catch (SQLException e) {
        LOG.warn("Cannot check an agent's token: {}", e.getMessage());
        return Optional.empty();
      }
    };
  }

  /**
   * Why the certificate a TLS client presented does not stand for {@code hostname}, or empty when
   * it does: it must be the one issued with the host's current credential. The handshake already
   * checked it chains to this CA.
   */
  public Optional<String> certificateProblem(String hostname, X509Certificate[] presented) {
    if (presented == null || presented.length == 0) {
      return Optional.of(
          "over TLS an agent must present the client certificate it got at enrollment");
    }
    try {
      Optional<AgentCredential> credential = db.read(c -> store.ofHost(c, hostname));
      String serial = presented[0].getSerialNumber().toString(16);
      if (credential.isEmpty() || credential.get().revoked()) {
        return Optional.of(hostname + " holds no valid credential");
      }
      if (!credential.get().certificateSerial().equals(serial)) {
        return Optional.of("the client certificate is not the one issued to " + hostname);
      }
      return Optional.empty();
    } catch (SQLException e) {
      return Optional.of("cannot check the certificate: " + e.getMessage());
    }
  }

  /** Revokes the host's credential; false when it has no valid one. */
  public boolean revoke(String hostname) throws SQLException {
    return db.inTransaction(c -> store.revoke(c, hostname, clock.millis()));
  }

  /** Forgets the host's credential, revoked or not, so it may enroll again. */
  public boolean forget(String hostname) throws SQLException {
    return db.inTransaction(c -> store.forget(c, hostname));
  }

  public List<AgentCredential> credentials() throws SQLException {
    return db.read(store::all);
  }

  private static PublicKey publicKey(String base64) throws Refused {
    if (base64 == null || base64.isBlank()) {
      throw new Refused(400, "publicKey is missing: the agent's public key, DER in Base64");
    }
    byte[] der;
    try {
      der = Base64.getDecoder().decode(base64.strip());
    } catch (IllegalArgumentException e) {
      throw new Refused(400, "publicKey is not Base64: " + e.getMessage());
    }
    for (String algorithm : List.of("EC", "RSA", "Ed25519")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // try the next kind
      }
    }
    throw new Refused(400, "publicKey is not an EC, RSA or Ed25519 public key");
  }
}
