package io.almanac.ops.server.security;

import io.almanac.runtime.security.AccessPolicy;
import io.almanac.runtime.security.AccessSettings;
import io.almanac.runtime.security.Caller;
import io.almanac.runtime.security.Networks;
import io.almanac.runtime.security.Roles;
import io.almanac.runtime.security.TokenFile;
import io.almanac.runtime.security.TokenLookup;
import io.almanac.runtime.security.Tokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may use the ops server, which is closed by default: at first start it writes {@code
 * admin.token} and {@code agent-enroll.token} (mode 0600) into its data directory and from then on
 * every API call and the status page need a token. Roles: {@code viewer} (reads), {@code operator}
 * (submits and aborts), {@code admin} (everything); {@code agent} (the enrollment token) only opens
 * the agent channel. Further tokens come from an optional tokens file of {@code ROLE TOKEN [NAME]}
 * lines, re-read when it changes.
 */
public final class OpsAccess {
  private static final Logger LOG = LoggerFactory.getLogger(OpsAccess.class);

  /** The roles of the API, least allowed first, and the agents' role beside them. */
  public static final Roles ROLES = Roles.of("viewer", "operator", "admin").withSide("agent");

  /** The admin token's file in the data directory. */
  public static final String ADMIN_TOKEN = "admin.token";

  /** The enrollment token's file in the data directory. */
  public static final String ENROLL_TOKEN = "agent-enroll.token";

  private static final Set<String> READ_METHODS = Set.of("GET", "HEAD", "OPTIONS");
  private static final SecureRandom RANDOM = new SecureRandom();

  private OpsAccess() {}

  /**
   * The access settings of a server keeping its data in {@code dataDir}: the token files made if
   * missing, plus the tokens of {@code tokensFile} when given.
   */
  public static AccessSettings settings(Path dataDir, Path tokensFile) throws IOException {
    Path admin = ensureToken(dataDir.resolve(ADMIN_TOKEN));
    Path enroll = ensureToken(dataDir.resolve(ENROLL_TOKEN));
    TokenLookup tokens =
        TokenFile.of(
            Map.of(
                read(admin), new Caller("admin", "admin"),
                read(enroll), new Caller("agent-enroll", "agent")));
    if (tokensFile != null) {
      tokens = tokens.orElse(Tokens.watch(tokensFile, ROLES));
    }
    LOG.info(
        "The ops API needs a token: the admin token is in {}, the agents' enrollment token in {}{}",
        admin.toAbsolutePath(),
        enroll.toAbsolutePath(),
        tokensFile == null ? "" : "; more tokens in " + tokensFile);
    return new AccessSettings(tokens, ROLES, policy(), Networks.none(), null, "almanac-ops");
  }

  /** The role each request needs. */
  public static AccessPolicy policy() {
    return (method, path) -> {
      if (path.startsWith("/agent/")) {
        return "agent";
      }
      if (path.startsWith("/api/v1/admin/")) {
        return "admin";
      }
      return READ_METHODS.contains(method) ? "viewer" : "operator";
    };
  }

  /** The token in {@code file}: its first line. */
  public static String read(Path file) throws IOException {
    return io.almanac.cli.TokenFiles.read(file.toFile());
  }

  private static Path ensureToken(Path file) throws IOException {
    if (Files.exists(file)) {
      return file;
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    byte[] secret = new byte[24];
    RANDOM.nextBytes(secret);
    try {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (FileAlreadyExistsException e) {
      return file; // made meanwhile by another start
    }
    Files.writeString(file, HexFormat.of().formatHex(secret) + "\n", StandardCharsets.US_ASCII);
    LOG.info("Wrote a new token to {}", file.toAbsolutePath());
    return file;
  }
}
