package io.almanac.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ServerAddressTest {
  @Test
  void acceptsUrlsHostPortAndBareHosts() {
    ServerAddress url = ServerAddress.parse("http://nn1.example:6189/ws/v1", 6188);
    assertThat(url.hostPort()).isEqualTo("nn1.example:6189");
    assertThat(url.tls()).isFalse();

    ServerAddress tls = ServerAddress.parse("HTTPS://collector", 6188);
    assertThat(tls.url()).isEqualTo("https://collector:6188");

    assertThat(ServerAddress.parse("127.0.0.1:7000", 6188).url())
        .isEqualTo("http://127.0.0.1:7000");
    assertThat(ServerAddress.parse("metrics", 6188).hostPort()).isEqualTo("metrics:6188");
    assertThat(ServerAddress.parse("[::1]:8440", 1).hostPort()).isEqualTo("[::1]:8440");
    assertThat(ServerAddress.parse("[::1]:8440", 1).host()).isEqualTo("::1");
  }

  @Test
  void refusesOtherSchemesAndEmptyHosts() {
    for (String bad : new String[] {"", "ftp://x:21", "http://", ":6188", "a b:1"}) {
      assertThatThrownBy(() -> ServerAddress.parse(bad, 6188))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("server address");
    }
  }
}
