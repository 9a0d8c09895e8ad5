package io.almanac.runtime.tls;

import io.almanac.cli.TrustFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What a listener needs to speak TLS: its certificate chain and private key (PEM files, the key
 * unencrypted PKCS#8), and optionally the CAs whose client certificates it asks for (mutual TLS).
 *
 * @param certificate PEM file: the server's certificate first, then any intermediates
 * @param privateKey PEM file: the key of that certificate
 * @param clientCa PEM file of the CAs client certificates must chain to; null: no client
 *     certificates
 * @param clientCertificateRequired with {@code clientCa}: refuse a handshake without one (else only
 *     ask for it)
 */
public record ServerTls(
    Path certificate, Path privateKey, Path clientCa, boolean clientCertificateRequired) {
  /** The password of the in-memory keystores; they never reach a disk. */
  public static final char[] IN_MEMORY_PASSWORD = "almanac".toCharArray();

  /** TLS with a certificate and key and no client certificates. */
  public static ServerTls of(Path certificate, Path privateKey) {
    return new ServerTls(certificate, privateKey, null, false);
  }

  /**
   * The key and chain as a keystore (password {@link #IN_MEMORY_PASSWORD}), checked to belong
   * together.
   *
   * @throws IOException naming the file that is wrong
   */
  public KeyStore keyStore() throws IOException {
    List<X509Certificate> chain = TrustFiles.certificates(certificate);
    PrivateKey key = PemKeys.read(privateKey);
    if (!belongTogether(key, chain.get(0))) {
      throw new IOException(privateKey + " is not the key of the certificate in " + certificate);
    }
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("server", key, IN_MEMORY_PASSWORD, chain.toArray(new X509Certificate[0]));
      return store;
    } catch (GeneralSecurityException e) {
      throw new IOException(
          certificate + ", " + privateKey + ": cannot be used together: " + e.getMessage(), e);
    }
  }

  /** Whether {@code key} signs what the certificate's public key verifies. */
  private static boolean belongTogether(PrivateKey key, X509Certificate certificate) {
    String algorithm =
        switch (key.getAlgorithm()) {
          case "EC" -> "SHA256withECDSA";
          case "RSA" -> "SHA256withRSA";
          default -> key.getAlgorithm(); // Ed25519, Ed448
        };
    try {
      byte[] probe = "almanac key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** The CAs of client certificates, or null without {@code clientCa}. */
  public KeyStore clientTrustStore() throws IOException {
    return clientCa == null ? null : TrustFiles.trustStore(clientCa, "PEM", null);
  }
}
