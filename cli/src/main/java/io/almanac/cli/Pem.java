package io.almanac.cli;

import java.util.Base64;

/** PEM blocks: Base64 of DER between BEGIN and END lines, 64 characters a line. */
public final class Pem {
  private Pem() {}

  /** The PEM block of {@code der}, e.g. type {@code CERTIFICATE} or {@code PRIVATE KEY}. */
  public static String encode(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
