package io.almanac.ops.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.almanac.runtime.security.AccessSettings;
import io.almanac.runtime.security.Caller;
import io.almanac.runtime.security.TokenLookup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpsAccessTest {
  @TempDir Path dir;

  /** Stands in for the enrolled hosts: one host token. */
  private static final TokenLookup HOSTS =
      token ->
          token.equals("host-token-of-h1-0123456789")
              ? Optional.of(new Caller("h1", AgentEnrollment.AGENT_ROLE))
              : Optional.empty();

  private static boolean may(AccessSettings s, String token, String method, String path) {
    String required = s.policy().required(method, path);
    return s.tokens().caller(token).map(c -> s.roles().allows(c.role(), required)).orElse(false);
  }

  private AccessSettings settings(Path tokensFile) throws IOException {
    return OpsAccess.settings(OpsAccess.ServerTokens.ensure(dir), HOSTS, tokensFile);
  }

  @Test
  void firstStartWritesPrivateTokensThatLaterStartsKeep() throws Exception {
    settings(null);
    Path adminFile = dir.resolve(OpsAccess.ADMIN_TOKEN);
    String admin = OpsAccess.read(adminFile);
    String enroll = OpsAccess.read(dir.resolve(OpsAccess.ENROLL_TOKEN));
    assertThat(admin).hasSize(48).isNotEqualTo(enroll);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(adminFile)))
        .isEqualTo("rw-------");
    AccessSettings again = settings(null);
    assertThat(OpsAccess.read(adminFile)).isEqualTo(admin);
    assertThat(again.tokens().caller(admin)).contains(new Caller("admin", "admin"));
  }

  @Test
  void rolesDecideWhatEachTokenMayDo() throws Exception {
    Path tokens =
        Files.writeString(
            dir.resolve("tokens"),
            "viewer viewer-token-0123456789 dashboards\noperator operator-token-0123456789 ci\n");
    AccessSettings s = settings(tokens);
    String admin = OpsAccess.read(dir.resolve(OpsAccess.ADMIN_TOKEN));
    String enroll = OpsAccess.read(dir.resolve(OpsAccess.ENROLL_TOKEN));

    assertThat(may(s, "viewer-token-0123456789", "GET", "/api/v1/requests")).isTrue();
    assertThat(may(s, "viewer-token-0123456789", "GET", "/")).isTrue();
    assertThat(may(s, "viewer-token-0123456789", "POST", "/api/v1/requests")).isFalse();
    assertThat(may(s, "operator-token-0123456789", "POST", "/api/v1/requests/1/abort")).isTrue();
    assertThat(may(s, "operator-token-0123456789", "POST", "/api/v1/admin/agents/h1/revoke"))
        .isFalse();
    assertThat(may(s, "operator-token-0123456789", "GET", "/agent/v1")).isFalse();
    assertThat(may(s, "viewer-token-0123456789", "POST", OpsAccess.ENROLL_PATH)).isFalse();
    // The enrollment token only enrolls; the host token only opens the channel.
    assertThat(may(s, enroll, "POST", OpsAccess.ENROLL_PATH)).isTrue();
    assertThat(may(s, enroll, "GET", "/agent/v1")).isFalse();
    assertThat(may(s, enroll, "GET", "/api/v1/hosts")).isFalse();
    assertThat(may(s, "host-token-of-h1-0123456789", "GET", "/agent/v1")).isTrue();
    assertThat(may(s, "host-token-of-h1-0123456789", "POST", OpsAccess.ENROLL_PATH)).isFalse();
    assertThat(may(s, "host-token-of-h1-0123456789", "GET", "/api/v1/hosts")).isFalse();
    assertThat(may(s, admin, "POST", "/api/v1/requests")).isTrue();
    assertThat(may(s, admin, "POST", "/api/v1/admin/agents/h1/revoke")).isTrue();
    assertThat(may(s, "unknown-token-0123456789", "GET", "/api/v1/hosts")).isFalse();
  }

  @Test
  void aTokensFileCannotHandOutAgentRoles() throws Exception {
    Path tokens = Files.writeString(dir.resolve("tokens"), "agent sneaky-token-0123456789\n");
    assertThatThrownBy(() -> settings(tokens)).hasMessageContaining("agent");
  }

  @Test
  void rotatingTheEnrollmentTokenRevokesTheOldOne() throws Exception {
    OpsAccess.ServerTokens own = OpsAccess.ServerTokens.ensure(dir);
    String before = OpsAccess.read(own.enroll().file());
    assertThat(own.enroll().caller(before)).isPresent();
    own.enroll().rotate();
    String after = OpsAccess.read(own.enroll().file());
    assertThat(after).isNotEqualTo(before).hasSize(48);
    assertThat(own.enroll().caller(before)).isEmpty();
    assertThat(own.enroll().caller(after)).contains(new Caller("agent-enroll", "enroll"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(own.enroll().file())))
        .isEqualTo("rw-------");
  }
}
