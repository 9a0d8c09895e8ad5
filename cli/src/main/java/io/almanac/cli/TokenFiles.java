package io.almanac.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/** Reads a client's token from a file, so it stays out of command lines and config files. */
public final class TokenFiles {
  private TokenFiles() {}

  /**
   * The first line of {@code file}, trimmed.
   *
   * @throws IOException when the file cannot be read or that line is empty
   */
  public static String read(File file) throws IOException {
    String text = new String(Files.readAllBytes(file.toPath()), StandardCharsets.UTF_8);
    int end = text.indexOf('\n');
    String token = (end < 0 ? text : text.substring(0, end)).trim();
    if (token.isEmpty()) {
      throw new IOException(file + ": the first line holds no token");
    }
    return token;
  }
}
