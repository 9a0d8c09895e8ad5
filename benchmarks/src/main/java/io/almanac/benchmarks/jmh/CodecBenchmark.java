package io.almanac.benchmarks.jmh;

import io.almanac.benchmarks.Workload;
import io.almanac.model.json.DecodedBatch;
import io.almanac.model.json.MetricsJson;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Decoding one Hadoop-sink-shaped POST: 100 metrics x 6 points of one host (600 points). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = "-Xmx256m")
public class CodecBenchmark {
  private final MetricsJson codec = new MetricsJson();
  private byte[] body;

  /** Builds the body once. */
  @Setup
  public void setUp() {
    body = new Workload(1, 100, 1, 1_795_000_000_000L).amsPosts().get(0);
  }

  /** One decode; divide by 600 for the cost per point. */
  @Benchmark
  public DecodedBatch decodePost() {
    return codec.decode(body);
  }
}
