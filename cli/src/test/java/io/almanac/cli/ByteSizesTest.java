package io.almanac.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteSizesTest {
  @Test
  void readsUnitsAsPowersOf1024() {
    assertThat(ByteSizes.parse("512")).isEqualTo(512);
    assertThat(ByteSizes.parse("64KB")).isEqualTo(64 * 1024);
    assertThat(ByteSizes.parse("64kib")).isEqualTo(64 * 1024);
    assertThat(ByteSizes.parse("16MB")).isEqualTo(16L << 20);
    assertThat(ByteSizes.parse("2g")).isEqualTo(2L << 30);
  }

  @Test
  void refusesNegativeFractionalAndUnknownUnits() {
    for (String bad : new String[] {"", "-1KB", "1.5MB", "3TB", "KB", "9999999999999GB"}) {
      assertThatThrownBy(() -> ByteSizes.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
