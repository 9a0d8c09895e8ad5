package io.almanac.runtime.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tokens of a tokens file: one {@code ROLE TOKEN [NAME]} per line, {@code #} comments and blank
 * lines ignored. A token is kept only as its SHA-256, and may be written that way ({@code sha256:}
 * and 64 hex digits, as {@code printf %s TOKEN | sha256sum} prints them) so the file need not hold
 * it in clear. A token written in clear must be at least 16 characters. The name (default: the role
 * and the line number) is who the caller is in logs and audit records.
 */
public final class TokenFile implements TokenLookup {
  /** The shortest token accepted in clear. */
  public static final int MIN_LENGTH = 16;

  private static final String SHA256 = "sha256:";

  private final Map<String, Caller> byDigest;

  private TokenFile(Map<String, Caller> byDigest) {
    this.byDigest = Map.copyOf(byDigest);
  }

  /**
   * Reads {@code file}, whose roles must be among {@code roles}.
   *
   * @throws IOException when it cannot be read, or listing every line that is wrong
   */
  public static TokenFile read(Path file, Roles roles) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    Map<String, Caller> out = new HashMap<>();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String at = file + ":" + (i + 1) + ": ";
      String[] fields = line.split("\\s+");
      if (fields.length < 2 || fields.length > 3) {
        problems.add(at + "expected ROLE TOKEN [NAME]");
        continue;
      }
      String role = fields[0];
      if (!roles.contains(role)) {
        problems.add(at + "unknown role '" + role + "'; roles are " + roles.ladder());
        continue;
      }
      String digest;
      if (fields[1].startsWith(SHA256)) {
        digest = fields[1].substring(SHA256.length()).toLowerCase(java.util.Locale.ROOT);
        if (!digest.matches("[0-9a-f]{64}")) {
          problems.add(at + "sha256: must be followed by 64 hex digits");
          continue;
        }
      } else if (fields[1].length() < MIN_LENGTH) {
        problems.add(
            at + "a token must be at least " + MIN_LENGTH + " characters (openssl rand -hex 24)");
        continue;
      } else {
        digest = digest(fields[1]);
      }
      String name = fields.length == 3 ? fields[2] : role + "@line" + (i + 1);
      if (out.put(digest, new Caller(name, role)) != null) {
        problems.add(at + "the same token is listed twice");
      }
    }
    if (!problems.isEmpty()) {
      throw new IOException(String.join("\n", problems));
    }
    return new TokenFile(out);
  }

  /** Tokens given in code: token to caller. */
  public static TokenFile of(Map<String, Caller> tokens) {
    Map<String, Caller> out = new HashMap<>();
    tokens.forEach((token, caller) -> out.put(digest(token), caller));
    return new TokenFile(out);
  }

  /** The caller a presented token stands for. */
  @Override
  public Optional<Caller> caller(String token) {
    return Optional.ofNullable(byDigest.get(digest(token)));
  }

  /** How many tokens there are. */
  public int size() {
    return byDigest.size();
  }

  /** The SHA-256 of {@code token} in lower-case hex. */
  public static String digest(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
