package io.almanac.promql;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Values as Prometheus writes them: the shortest exact plain decimal. */
class SampleFormatTest {
  /** The plain decimal of {@code Double.toString}'s digits, without trailing zeros. */
  private static String plain(double v) {
    return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }

  @Test
  void writesPlainDecimals() {
    assertThat(Sample.format(60)).isEqualTo("60");
    assertThat(Sample.format(-0.0)).isEqualTo("0");
    assertThat(Sample.format(0.5)).isEqualTo("0.5");
    assertThat(Sample.format(60.139999999999986)).isEqualTo("60.139999999999986");
    assertThat(Sample.format(1e-7)).isEqualTo("0.0000001");
    assertThat(Sample.format(1.5e20)).isEqualTo("150000000000000000000");
    assertThat(Sample.format(1e15)).isEqualTo("1000000000000000");
    assertThat(Sample.format(Double.NaN)).isEqualTo("NaN");
    assertThat(Sample.format(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
  }

  @Test
  void agreesWithTheDecimalOfEveryKindOfDouble() {
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 200_000; i++) {
      double v =
          switch (i % 4) {
            case 0 -> Double.longBitsToDouble(random.nextLong()); // any bits: every exponent
            case 1 -> random.nextLong(-1_000_000_000_000_000L, 1_000_000_000_000_000L);
            case 2 -> Math.round(random.nextDouble() * 1e6) / 100.0; // two decimals
            default -> random.nextDouble() * Math.pow(10, random.nextInt(-12, 25));
          };
      if (Double.isFinite(v)) {
        assertThat(Sample.format(v)).as("%s", v).isEqualTo(plain(v));
      }
    }
  }
}
