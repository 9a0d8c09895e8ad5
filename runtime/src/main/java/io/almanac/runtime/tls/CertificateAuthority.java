package io.almanac.runtime.tls;

import io.almanac.cli.TrustFiles;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A small certificate authority (Bouncy Castle): makes its own self-signed CA and issues server and
 * client certificates from it, on EC P-256 keys. It serves {@code bin/almanac certs}, the ops
 * server's agent enrollment and the tests; files are PEM, keys unencrypted PKCS#8 written with mode
 * 0600.
 */
public final class CertificateAuthority {
  /** A key and its certificate, with the CA certificate that issued it. */
  public record Issued(PrivateKey key, X509Certificate certificate, X509Certificate ca) {
    /** Writes the certificate and the key (mode 0600) as PEM. */
    public void write(Path certificateFile, Path keyFile) throws IOException {
      writePair(certificate, key, certificateFile, keyFile);
    }
  }

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String SIGNATURE = "SHA256withECDSA";

  private final PrivateKey key;
  private final X509Certificate certificate;

  private CertificateAuthority(PrivateKey key, X509Certificate certificate) {
    this.key = key;
    this.certificate = certificate;
  }

  /** A new CA named {@code commonName}, valid for {@code validity}. */
  public static CertificateAuthority create(String commonName, Duration validity) {
    KeyPair pair = newKeyPair();
    X500Name name = name(commonName);
    try {
      X509v3CertificateBuilder b = builder(name, name, pair.getPublic(), validity);
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      b.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      b.addExtension(
          Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
      return new CertificateAuthority(pair.getPrivate(), sign(b, pair.getPrivate()));
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot make a CA certificate", e);
    }
  }

  /**
   * The CA kept in {@code certificateFile} and {@code keyFile}.
   *
   * @throws IOException naming the file that cannot be read
   */
  public static CertificateAuthority load(Path certificateFile, Path keyFile) throws IOException {
    return new CertificateAuthority(
        PemKeys.read(keyFile), TrustFiles.certificates(certificateFile).get(0));
  }

  /** Writes the CA's certificate and key (mode 0600) as PEM. */
  public void write(Path certificateFile, Path keyFile) throws IOException {
    writePair(certificate, key, certificateFile, keyFile);
  }

  private static void writePair(
      X509Certificate certificate, PrivateKey key, Path certificateFile, Path keyFile)
      throws IOException {
    writePem(certificateFile, pem(certificate), false);
    writePem(keyFile, pem("PRIVATE KEY", key.getEncoded()), true);
  }

  /** The CA's certificate. */
  public X509Certificate certificate() {
    return certificate;
  }

  /**
   * A server certificate for {@code commonName} whose subject alternative names are {@code names}:
   * host names, and IP addresses (which go in as addresses).
   */
  public Issued issueServer(String commonName, List<String> names, Duration validity) {
    return issue(commonName, names, KeyPurposeId.id_kp_serverAuth, validity);
  }

  /** A client certificate for {@code commonName} (an agent's host name). */
  public Issued issueClient(String commonName, Duration validity) {
    return issue(commonName, List.of(commonName), KeyPurposeId.id_kp_clientAuth, validity);
  }

  /**
   * A client certificate for {@code commonName} on a key made elsewhere (an agent keeps its private
   * key and sends only the public one).
   */
  public X509Certificate certifyClient(String commonName, PublicKey publicKey, Duration validity) {
    return certify(
        commonName, List.of(commonName), KeyPurposeId.id_kp_clientAuth, publicKey, validity);
  }

  private Issued issue(
      String commonName, List<String> names, KeyPurposeId purpose, Duration validity) {
    KeyPair pair = newKeyPair();
    return new Issued(
        pair.getPrivate(),
        certify(commonName, names, purpose, pair.getPublic(), validity),
        certificate);
  }

  private X509Certificate certify(
      String commonName,
      List<String> names,
      KeyPurposeId purpose,
      PublicKey publicKey,
      Duration validity) {
    try {
      X509v3CertificateBuilder b =
          builder(
              X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()),
              name(commonName),
              publicKey,
              validity);
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      b.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
      b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
      b.addExtension(
          Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate));
      List<GeneralName> alternatives = new ArrayList<>();
      for (String n : names) {
        alternatives.add(
            isAddress(n)
                ? new GeneralName(GeneralName.iPAddress, n)
                : new GeneralName(GeneralName.dNSName, n));
      }
      if (!alternatives.isEmpty()) {
        b.addExtension(
            Extension.subjectAlternativeName,
            false,
            new GeneralNames(alternatives.toArray(new GeneralName[0])));
      }
      return sign(b, key);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot issue a certificate for " + commonName, e);
    }
  }

  private static boolean isAddress(String name) {
    if (!name.matches("[0-9.]+|[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*")) {
      return false;
    }
    try {
      InetAddress.getByName(name); // a literal: no lookup
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static X509v3CertificateBuilder builder(
      X500Name issuer, X500Name subject, PublicKey publicKey, Duration validity) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(
        issuer,
        new BigInteger(127, RANDOM).add(BigInteger.ONE),
        Date.from(now.minus(Duration.ofMinutes(5))), // tolerate clocks a little behind
        Date.from(now.plus(validity)),
        subject,
        publicKey);
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey signer)
      throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(b.build(new JcaContentSignerBuilder(SIGNATURE).build(signer)));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private static X500Name name(String commonName) {
    return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
  }

  private static KeyPair newKeyPair() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JVM has EC P-256", e);
    }
  }

  private static byte[] encoded(X509Certificate c) {
    try {
      return c.getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The PEM block of {@code der}. */
  public static String pem(String type, byte[] der) {
    return io.almanac.cli.Pem.encode(type, der);
  }

  /** The PEM of a certificate. */
  public static String pem(X509Certificate c) {
    return pem("CERTIFICATE", encoded(c));
  }

  private static void writePem(Path file, String text, boolean secret) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, ".almanac-", ".tmp");
    try {
      if (secret) {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      }
      Files.writeString(tmp, text, StandardCharsets.US_ASCII);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
