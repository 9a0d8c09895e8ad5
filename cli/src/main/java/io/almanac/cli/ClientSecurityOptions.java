package io.almanac.cli;

import java.io.File;
import picocli.CommandLine.Option;

/**
 * The options every client of a secured server shares, as a picocli mixin: {@code --ca FILE} (the
 * CAs to trust for {@code https://} servers: PEM, or a JKS or PKCS#12 truststore) and {@code
 * --token-file FILE} (the token to send, on the file's first line; a file keeps it out of the
 * process list).
 */
public final class ClientSecurityOptions {
  @Option(
      names = "--ca",
      paramLabel = "FILE",
      description =
          "CAs to trust for https:// servers: a PEM file, or a .jks/.p12 truststore (default:"
              + " the JVM's CAs).")
  File ca;

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      description = "File whose first line is the token to send (Authorization: Bearer).")
  File tokenFile;

  /** The token file, or null. */
  public File tokenFile() {
    return tokenFile;
  }

  /** The CA file, or null. */
  public File ca() {
    return ca;
  }
}
