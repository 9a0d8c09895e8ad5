package io.almanac.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The CAs a client trusts, from the file an operator names with {@code --ca} or a truststore
 * setting: a PEM file of one or more certificates, or a keystore (JKS or PKCS#12, told apart by the
 * file name's ending or a type given). Every client program reads them one way through here.
 */
public final class TrustFiles {
  private TrustFiles() {}

  /**
   * An SSL context that trusts the CAs of {@code file}.
   *
   * @param type {@code PEM}, {@code JKS} or {@code PKCS12}; null or empty: from the file name
   *     ({@code .jks}, {@code .p12}, {@code .pfx} are keystores, anything else PEM)
   * @param password the keystore's password; may be null for PEM and for keystores without one
   * @throws IOException when the file cannot be read or holds no certificate, naming the file
   */
  public static SSLContext sslContext(Path file, String type, char[] password) throws IOException {
    try {
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trustStore(file, type, password));
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException(file + ": cannot be used as trusted CAs: " + e.getMessage(), e);
    }
  }

  /** As {@link #sslContext(Path, String, char[])} with the type told from the name, no password. */
  public static SSLContext sslContext(Path file) throws IOException {
    return sslContext(file, null, null);
  }

  /** The keystore of trusted certificates that {@code file} holds. */
  public static KeyStore trustStore(Path file, String type, char[] password) throws IOException {
    String kind = typeOf(file, type, "PEM");
    try {
      if (kind.equals("PEM")) {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        for (X509Certificate c : certificates(file)) {
          store.setCertificateEntry("ca-" + i++, c);
        }
        return store;
      }
      KeyStore store = KeyStore.getInstance(kind);
      try (InputStream in = Files.newInputStream(file)) {
        store.load(in, password);
      }
      if (store.size() == 0) {
        throw new IOException(file + ": the truststore holds no certificate");
      }
      return store;
    } catch (GeneralSecurityException e) {
      throw new IOException(
          file + ": not a readable " + kind + " truststore: " + e.getMessage(), e);
    }
  }

  /**
   * The certificates of a PEM file, in order.
   *
   * @throws IOException when it cannot be read or holds none
   */
  public static List<X509Certificate> certificates(Path pem) throws IOException {
    Collection<? extends Certificate> read;
    try (InputStream in = Files.newInputStream(pem)) {
      read = CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (GeneralSecurityException e) {
      throw new IOException(pem + ": not a PEM certificate file: " + e.getMessage(), e);
    }
    List<X509Certificate> out = new ArrayList<X509Certificate>();
    for (Certificate c : read) {
      out.add((X509Certificate) c);
    }
    if (out.isEmpty()) {
      throw new IOException(pem + ": holds no certificate (expected -----BEGIN CERTIFICATE-----)");
    }
    return out;
  }

  /**
   * The keystore type of a trust file: {@code type} when given ({@code p12} and {@code pfx} read as
   * {@code PKCS12}); else from the name: {@code .jks} JKS, {@code .p12}/{@code .pfx} PKCS12, {@code
   * .pem}/{@code .crt}/{@code .cer} PEM, anything else {@code otherwise}.
   */
  public static String typeOf(Path file, String type, String otherwise) {
    if (type != null && !type.trim().isEmpty()) {
      String t = type.trim().toUpperCase(Locale.ROOT);
      return t.equals("P12") || t.equals("PFX") ? "PKCS12" : t;
    }
    String name = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
    if (name.endsWith(".jks")) {
      return "JKS";
    }
    if (name.endsWith(".p12") || name.endsWith(".pfx")) {
      return "PKCS12";
    }
    if (name.endsWith(".pem") || name.endsWith(".crt") || name.endsWith(".cer")) {
      return "PEM";
    }
    return otherwise;
  }
}
