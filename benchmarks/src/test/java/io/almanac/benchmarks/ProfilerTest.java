package io.almanac.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProfilerTest {

  @Test
  @SuppressWarnings("unchecked")
  void selfTimeIsTheLeafAndInclusiveTimeCountsEachOfOurFramesOncePerStack() {
    List<String> folded =
        List.of(
            "java/lang/Thread.run;io/almanac/collector/Ingest.post;org/apache/phoenix/Upsert.execute;Unsafe.park 60",
            "java/lang/Thread.run;io/almanac/collector/Ingest.post;io/almanac/collector/Ingest.post;Codec.encode 30",
            "java/lang/Thread.run;GC.run 10");
    Map<String, Object> top = Profiler.summarize(folded);
    assertThat(top.get("samples")).isEqualTo(100L);
    assertThat((List<Object>) top.get("self"))
        .containsExactly(" 60.0% Unsafe.park", " 30.0% Codec.encode", " 10.0% GC.run");
    assertThat((List<Object>) top.get("inclusive"))
        .containsExactly(
            " 90.0% io/almanac/collector/Ingest.post", " 60.0% org/apache/phoenix/Upsert.execute");
  }
}
