package io.almanac.collector.storage.phoenix;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NameMatchTest {
  @Test
  void plainValuesMatchOnlyTheSameName() {
    assertThat(NameMatch.matches("cpu_user", "cpu_user")).isTrue();
    assertThat(NameMatch.matches("cpu_user", "cpu_users")).isFalse();
    assertThat(NameMatch.matches("cpu_user", "CPU_USER")).isFalse();
    assertThat(NameMatch.matches("cpu_user", null)).isFalse();
  }

  @Test
  void percentMatchesAnyRunAndUnderscoreIsPlain() {
    assertThat(NameMatch.matches("%", "")).isTrue();
    assertThat(NameMatch.matches("%", "anything")).isTrue();
    assertThat(NameMatch.matches("cpu%", "cpu")).isTrue();
    assertThat(NameMatch.matches("cpu%", "cpu_idle")).isTrue();
    assertThat(NameMatch.matches("cpu%", "xcpu")).isFalse();
    assertThat(NameMatch.matches("%idle", "cpu_idle")).isTrue();
    assertThat(NameMatch.matches("%idle", "cpu_idle2")).isFalse();
    assertThat(NameMatch.matches("a%b%c", "abc")).isTrue();
    assertThat(NameMatch.matches("a%b%c", "a-b-b-c")).isTrue();
    assertThat(NameMatch.matches("a%b%c", "a-c-b")).isFalse();
    assertThat(NameMatch.matches("ab%ba", "aba")).isFalse(); // prefix and suffix must not overlap
    assertThat(NameMatch.matches("rs_%", "rsX1")).isFalse();
    assertThat(NameMatch.matches("rs_%", "rs_1")).isTrue();
    assertThat(NameMatch.matches("%%", "x")).isTrue();
  }
}
