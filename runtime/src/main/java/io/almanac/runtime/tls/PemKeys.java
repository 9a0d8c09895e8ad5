package io.almanac.runtime.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads an unencrypted PKCS#8 private key ({@code -----BEGIN PRIVATE KEY-----}) from PEM. */
public final class PemKeys {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END \\1-----");
  private static final List<String> ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448");

  private PemKeys() {}

  /**
   * The private key in {@code file}.
   *
   * @throws IOException naming the file and, for keys in another form, the command that converts
   *     them
   */
  public static PrivateKey read(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      String kind = m.group(1);
      if (kind.equals("PRIVATE KEY")) {
        return decode(file, Base64.getMimeDecoder().decode(m.group(2)));
      }
      if (kind.endsWith("PRIVATE KEY")) {
        throw new IOException(
            file
                + ": holds a "
                + kind
                + "; expected an unencrypted PKCS#8 key (BEGIN PRIVATE KEY): convert it with"
                + " 'openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8'");
      }
    }
    throw new IOException(file + ": holds no -----BEGIN PRIVATE KEY----- block");
  }

  private static PrivateKey decode(Path file, byte[] der) throws IOException {
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    for (String algorithm : ALGORITHMS) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException e) {
        // try the next algorithm
      }
    }
    throw new IOException(file + ": a PKCS#8 key of none of " + ALGORITHMS);
  }
}
