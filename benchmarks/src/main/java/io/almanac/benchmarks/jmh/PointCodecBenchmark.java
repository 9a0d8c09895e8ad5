package io.almanac.benchmarks.jmh;

import io.almanac.benchmarks.Workload;
import io.almanac.model.Points;
import io.almanac.schema.PointCodec;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encoding and decoding a stored block of 60 points (10 minutes at 10 s) of each kind of series.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = "-Xmx256m")
public class PointCodecBenchmark {
  /** Metric index: 0 counter, 4 gauge, 7 noisy, 8 constant. */
  @Param({"0", "4", "7", "8"})
  public int metric;

  private Points points;
  private byte[] encoded;

  /** Builds the block once. */
  @Setup
  public void setUp() {
    long[] ts = new long[60];
    double[] vs = new double[60];
    for (int i = 0; i < 60; i++) {
      ts[i] = 1_795_000_000_000L + i * 10_000L;
      vs[i] = Workload.value(3, metric, i);
    }
    points = Points.of(ts, vs);
    encoded = PointCodec.encode(points);
  }

  /** One encode. */
  @Benchmark
  public byte[] encode() {
    return PointCodec.encode(points);
  }

  /** One decode. */
  @Benchmark
  public Points decode() {
    return PointCodec.decode(encoded);
  }
}
