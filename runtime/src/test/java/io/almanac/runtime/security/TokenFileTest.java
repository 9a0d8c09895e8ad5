package io.almanac.runtime.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenFileTest {
  private static final Roles ROLES = Roles.of("read", "write", "admin");
  @TempDir Path dir;

  @Test
  void readsTokensInClearAndAsDigestsWithNames() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("tokens"),
            """
            # who may do what
            read  grafana-token-0123456789 grafana

            write sha256:%s
            """
                .formatted(TokenFile.digest("sink-token-0123456789")));
    TokenFile tokens = TokenFile.read(file, ROLES);
    assertThat(tokens.size()).isEqualTo(2);
    assertThat(tokens.caller("grafana-token-0123456789")).contains(new Caller("grafana", "read"));
    assertThat(tokens.caller("sink-token-0123456789")).contains(new Caller("write@line4", "write"));
    assertThat(tokens.caller("grafana-token-012345678")).isEmpty();
  }

  @Test
  void listsEveryWrongLine() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("tokens"),
            """
            root some-long-token-0123456789
            read short
            write sha256:abc
            admin
            read same-token-0123456789
            admin same-token-0123456789
            """);
    assertThatThrownBy(() -> TokenFile.read(file, ROLES))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(":1: unknown role 'root'")
        .hasMessageContaining(":2: a token must be at least 16 characters")
        .hasMessageContaining(":3: sha256: must be followed by 64 hex digits")
        .hasMessageContaining(":4: expected ROLE TOKEN [NAME]")
        .hasMessageContaining(":6: the same token is listed twice");
  }

  @Test
  void rolesRankAndNetworksMatchByPrefix() throws Exception {
    assertThat(ROLES.allows("admin", "read")).isTrue();
    assertThat(ROLES.allows("write", "admin")).isFalse();
    assertThat(ROLES.allows("nobody", "read")).isFalse();
    Networks n = Networks.parse("10.1.0.0/16, 192.168.7.9, fd00::/8");
    assertThat(n.contains(InetAddress.getByName("10.1.200.3"))).isTrue();
    assertThat(n.contains(InetAddress.getByName("10.2.0.1"))).isFalse();
    assertThat(n.contains(InetAddress.getByName("192.168.7.9"))).isTrue();
    assertThat(n.contains(InetAddress.getByName("192.168.7.10"))).isFalse();
    assertThat(n.contains(InetAddress.getByName("fd12::1"))).isTrue();
    assertThat(n.contains(InetAddress.getByName("fe80::1"))).isFalse();
    assertThat(Networks.parse("10.0.0.0/9").contains(InetAddress.getByName("10.127.0.1"))).isTrue();
    assertThat(Networks.parse("10.0.0.0/9").contains(InetAddress.getByName("10.128.0.1")))
        .isFalse();
    assertThatThrownBy(() -> Networks.parse("collector.example.org"))
        .hasMessageContaining("not an IP address or CIDR network");
    assertThatThrownBy(() -> Networks.parse("10.0.0.0/33"))
        .hasMessageContaining("prefix length must be 0 to 32");
  }
}
