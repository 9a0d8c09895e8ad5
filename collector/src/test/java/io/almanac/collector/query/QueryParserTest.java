package io.almanac.collector.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.almanac.model.Precision;
import io.almanac.model.TimeRange;
import org.junit.jupiter.api.Test;

class QueryParserTest {
  private static MetricsQuery parse(String names, String start, String end) {
    return QueryParser.parse(names, null, null, null, start, end, null, null);
  }

  @Test
  void secondsAndMillisecondsAreBothAccepted() {
    assertThat(parse("m", "1700000000", "1700000060").range()).contains(new TimeRange(1_700_000_000_000L,
        1_700_000_060_000L));
    assertThat(parse("m", "1700000000000", "1700000060500").range()).contains(new TimeRange(1_700_000_000_000L,
        1_700_000_060_500L));
  }

  @Test
  void commaListsAreTrimmedAndBlanksSkipped() {
    MetricsQuery q = QueryParser.parse(" a, ,b ,", "h1,%", "HOST", "", null, null, "SeConds", "false");
    assertThat(q.metricNames()).containsExactly("a", "b");
    assertThat(q.hostNames()).containsExactly("h1", "%");
    assertThat(q.instanceId()).isNull();
    assertThat(q.precision()).contains(Precision.SECONDS);
    assertThat(q.grouped()).isFalse();
    assertThat(q.range()).isEmpty();
  }

  @Test
  void groupedDefaultsToTrue() {
    assertThat(parse("m", null, null).grouped()).isTrue();
  }

  @Test
  void amsErrorsForBadParameters() {
    assertThatThrownBy(() -> parse(" , ", "1", "2")).hasMessage("No metric name filter specified.");
    assertThatThrownBy(() -> parse("m", "1700000000", null)).hasMessage("Open ended query not supported");
    assertThatThrownBy(() -> parse("m", null, "1700000000")).hasMessage("Open ended query not supported");
    assertThatThrownBy(() -> parse("m", "yesterday", "1")).isInstanceOf(BadQueryException.class)
        .hasMessageContaining("startTime");
    assertThatThrownBy(() -> QueryParser.parse("m", null, null, null, null, null, "weeks", null))
        .isInstanceOf(BadQueryException.class).hasMessageContaining("precision should be");
  }
}
