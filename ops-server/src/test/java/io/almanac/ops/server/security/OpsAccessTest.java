package io.almanac.ops.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.runtime.security.AccessSettings;
import io.almanac.runtime.security.Caller;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpsAccessTest {
  @TempDir Path dir;

  private static boolean may(AccessSettings s, String token, String method, String path) {
    String required = s.policy().required(method, path);
    return s.tokens().caller(token).map(c -> s.roles().allows(c.role(), required)).orElse(false);
  }

  @Test
  void firstStartWritesTokensThatLaterStartsKeep() throws Exception {
    OpsAccess.settings(dir, null);
    String admin = OpsAccess.read(dir.resolve(OpsAccess.ADMIN_TOKEN));
    String enroll = OpsAccess.read(dir.resolve(OpsAccess.ENROLL_TOKEN));
    assertThat(admin).hasSize(48).isNotEqualTo(enroll);
    AccessSettings again = OpsAccess.settings(dir, null);
    assertThat(OpsAccess.read(dir.resolve(OpsAccess.ADMIN_TOKEN))).isEqualTo(admin);
    assertThat(again.tokens().caller(admin)).contains(new Caller("admin", "admin"));
  }

  @Test
  void viewersReadOperatorsChangeAndOnlyTheEnrollmentTokenOpensTheAgentChannel() throws Exception {
    Path tokens =
        Files.writeString(
            dir.resolve("tokens"),
            "viewer viewer-token-0123456789 dashboards\noperator operator-token-0123456789 ci\n");
    AccessSettings s = OpsAccess.settings(dir, tokens);
    String admin = OpsAccess.read(dir.resolve(OpsAccess.ADMIN_TOKEN));
    String enroll = OpsAccess.read(dir.resolve(OpsAccess.ENROLL_TOKEN));

    assertThat(may(s, "viewer-token-0123456789", "GET", "/api/v1/requests")).isTrue();
    assertThat(may(s, "viewer-token-0123456789", "GET", "/")).isTrue();
    assertThat(may(s, "viewer-token-0123456789", "POST", "/api/v1/requests")).isFalse();
    assertThat(may(s, "operator-token-0123456789", "POST", "/api/v1/requests/1/abort")).isTrue();
    assertThat(may(s, "operator-token-0123456789", "GET", "/agent/v1")).isFalse();
    assertThat(may(s, "viewer-token-0123456789", "GET", "/agent/v1")).isFalse();
    assertThat(may(s, enroll, "GET", "/agent/v1")).isTrue();
    assertThat(may(s, enroll, "GET", "/api/v1/hosts")).isFalse();
    assertThat(may(s, admin, "POST", "/api/v1/requests")).isTrue();
    assertThat(may(s, "unknown-token-0123456789", "GET", "/api/v1/hosts")).isFalse();
  }
}
