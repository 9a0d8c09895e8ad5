package io.almanac.ops.server.security;

import io.almanac.runtime.security.AccessPolicy;
import io.almanac.runtime.security.AccessSettings;
import io.almanac.runtime.security.Caller;
import io.almanac.runtime.security.Networks;
import io.almanac.runtime.security.Roles;
import io.almanac.runtime.security.TokenLookup;
import io.almanac.runtime.security.Tokens;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may use the ops server, which is closed by default: at first start it writes {@code
 * admin.token} and {@code agent-enroll.token} (mode 0600) into its data directory and from then on
 * every API call and the status page need a token. Roles: {@code viewer} (reads), {@code operator}
 * (submits and aborts), {@code admin} (everything); beside them {@code enroll} (the enrollment
 * token: may only enroll an agent) and {@code agent} (an enrolled host's own token: may only open
 * the agent channel as that host). Further API tokens come from an optional tokens file of {@code
 * ROLE TOKEN [NAME]} lines, re-read when it changes.
 */
public final class OpsAccess {
  private static final Logger LOG = LoggerFactory.getLogger(OpsAccess.class);

  /** The role of the enrollment token: it may only enroll an agent. */
  public static final String ENROLL_ROLE = "enroll";

  /** The roles an operator may give in a tokens file, least allowed first. */
  public static final Roles FILE_ROLES = Roles.of("viewer", "operator", "admin");

  /** All roles: the API's ladder and the agents' roles beside it. */
  public static final Roles ROLES =
      FILE_ROLES.withSide(ENROLL_ROLE).withSide(AgentEnrollment.AGENT_ROLE);

  /** The admin token's file in the data directory. */
  public static final String ADMIN_TOKEN = "admin.token";

  /** The enrollment token's file in the data directory. */
  public static final String ENROLL_TOKEN = "agent-enroll.token";

  /** Where agents enroll. */
  public static final String ENROLL_PATH = "/api/v1/agents/enroll";

  private static final Set<String> READ_METHODS = Set.of("GET", "HEAD", "OPTIONS");

  private OpsAccess() {}

  /** The tokens of a server keeping its data in {@code dataDir}. */
  public record ServerTokens(ServerTokenFile admin, ServerTokenFile enroll) {
    /** The token files, made if missing. */
    public static ServerTokens ensure(Path dataDir) throws IOException {
      return new ServerTokens(
          ServerTokenFile.ensure(dataDir.resolve(ADMIN_TOKEN), new Caller("admin", "admin")),
          ServerTokenFile.ensure(
              dataDir.resolve(ENROLL_TOKEN), new Caller("agent-enroll", ENROLL_ROLE)));
    }
  }

  /**
   * The access settings: the server's own tokens, the enrolled hosts' tokens, and the tokens of
   * {@code tokensFile} when given.
   */
  public static AccessSettings settings(ServerTokens own, TokenLookup hostTokens, Path tokensFile)
      throws IOException {
    // In-memory tokens first: only a token none of them knows costs a database read.
    TokenLookup tokens = own.admin().orElse(own.enroll());
    if (tokensFile != null) {
      tokens = tokens.orElse(Tokens.watch(tokensFile, FILE_ROLES));
    }
    tokens = tokens.orElse(hostTokens);
    LOG.info(
        "The ops API needs a token: the admin token is in {}, the agents' enrollment token in {}{}",
        own.admin().file().toAbsolutePath(),
        own.enroll().file().toAbsolutePath(),
        tokensFile == null ? "" : "; more tokens in " + tokensFile);
    return new AccessSettings(tokens, ROLES, policy(), Networks.none(), null, "almanac-ops");
  }

  /** The role each request needs. */
  public static AccessPolicy policy() {
    return (method, path) -> {
      if (path.startsWith("/agent/")) {
        return AgentEnrollment.AGENT_ROLE;
      }
      if (path.equals(ENROLL_PATH)) {
        return ENROLL_ROLE;
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
}
