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
  void compactFormatRoundTripsEveryKindOfSeriesExactly() {
    Random random = new Random(7);
    for (int run = 0; run < 400; run++) {
      int n = random.nextInt(run % 5 == 0 ? 3 : 2_000);
      long[] ts = new long[n];
      double[] vs = new double[n];
      long t = random.nextLong() >>> 24;
      double walk = random.nextInt(1000) / 10.0;
      for (int i = 0; i < n; i++) {
        t += run % 3 == 0 ? 10_000 : 1 + random.nextInt(random.nextBoolean() ? 3 : 100_000);
        ts[i] = t;
        if (run % 7 == 3 && i % 50 == 7) {
          walk = Math.round((walk + random.nextInt(21) - 10) * 10) / 10.0;
        }
        vs[i] =
            switch (run % 9) {
              case 0 -> 42.5;
              case 1 -> random.nextGaussian() * 1e6;
              case 2 -> 1_000_000L + i * 17L;
              case 3 -> walk;
              case 4 -> (random.nextInt(0xFFFFF)) / 1000.0;
              case 5 -> random.nextBoolean() ? Double.NaN : -random.nextDouble();
              case 6 -> i % 2 == 0 ? -0.0 : 0.0;
              case 7 -> i % 3 == 0 ? Long.MAX_VALUE / 3.0 : -1e300;
              default -> 0.1 + 0.2 * i;
            };
      }
      Points points = Points.of(ts, vs);
      byte[] compact = PointCodec.encodeCompact(points);
      Points decoded = PointCodec.decode(compact);
      assertThat(decoded).as("run " + run).isEqualTo(points);
      for (int i = 0; i < n; i++) {
        assertThat(Double.doubleToRawLongBits(decoded.value(i)))
            .as("run %d point %d bit for bit", run, i)
            .isEqualTo(Double.doubleToRawLongBits(vs[i]));
      }
    }
  }

  @Test
  void compactFormatMakesCountersGaugesAndConstantsNearlyFree() {
    int n = 360;
    long[] ts = new long[n];
    double[] counter = new double[n];
    double[] gauge = new double[n];
    double[] constant = new double[n];
    double g = 57.3;
    for (int i = 0; i < n; i++) {
      ts[i] = 1_700_000_000_000L + i * 10_000L;
      counter[i] = 40_123 + i * 5;
      if (i % 6 == 0) {
        g = Math.round((g + (i % 12 == 0 ? 0.3 : -0.2)) * 10) / 10.0;
      }
      gauge[i] = g;
      constant[i] = 17.5;
    }
    assertThat(PointCodec.encodeCompact(Points.of(ts, counter)).length).isLessThan(30);
    assertThat(PointCodec.encodeCompact(Points.of(ts, constant)).length).isLessThan(30);
    assertThat(PointCodec.encodeCompact(Points.of(ts, gauge)).length)
        .as("a change every sixth point: about 3 bytes per change")
        .isLessThan(n / 6 * 4);
    assertThat(PointCodec.encode(Points.of(ts, gauge)).length)
        .as("format 1, for comparison")
        .isGreaterThan(n * 2);
  }

  @Test
  void compactFormatRefusesCorruptRuns() {
    byte[] ok =
        PointCodec.encodeCompact(Points.of(new long[] {1000, 2000, 3000}, new double[] {1, 1, 1}));
    byte[] bad = ok.clone();
    bad[bad.length - 1] = 9; // a run of nine more zeros where one is left
    assertThatThrownBy(() -> PointCodec.decode(bad)).isInstanceOf(IllegalArgumentException.class);
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
