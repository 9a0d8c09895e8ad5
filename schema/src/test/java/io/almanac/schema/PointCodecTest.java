package io.almanac.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.almanac.model.Points;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PointCodecTest {
  @Test
  void roundTripsRandomSeriesExactly() {
    Random random = new Random(42);
    for (int run = 0; run < 200; run++) {
      int n = random.nextInt(300);
      long[] ts = new long[n];
      double[] vs = new double[n];
      long t = random.nextLong() >>> 24;
      for (int i = 0; i < n; i++) {
        t += 1 + random.nextInt(run % 3 == 0 ? 10 : 100_000);
        ts[i] = t;
        vs[i] =
            switch (run % 4) {
              case 0 -> 42.0;
              case 1 -> random.nextGaussian() * 1e6;
              case 2 -> i * 17.0;
              default -> random.nextBoolean() ? Double.NaN : -random.nextDouble();
            };
      }
      Points points = Points.of(ts, vs);
      assertThat(PointCodec.decode(PointCodec.encode(points))).isEqualTo(points);
    }
  }

  @Test
  void regularConstantSeriesIsSmall() {
    int n = 360;
    long[] ts = new long[n];
    double[] vs = new double[n];
    for (int i = 0; i < n; i++) {
      ts[i] = 1_700_000_000_000L + i * 10_000L;
      vs[i] = 12.5;
    }
    byte[] encoded = PointCodec.encode(Points.of(ts, vs));
    assertThat(encoded.length).isLessThan(n * 2 + 24);
  }

  @Test
  void rejectsUnknownFormatsAndTruncatedInput() {
    assertThatThrownBy(() -> PointCodec.decode(new byte[] {9, 0})).hasMessageContaining("format");
    byte[] good = PointCodec.encode(Points.of(new long[] {1, 2}, new double[] {3, 4}));
    byte[] cut = java.util.Arrays.copyOf(good, good.length - 1);
    assertThatThrownBy(() -> PointCodec.decode(cut)).hasMessageContaining("truncated");
  }
}
