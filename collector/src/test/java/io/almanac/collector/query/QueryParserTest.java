package io.almanac.collector.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.almanac.model.Precision;
import io.almanac.model.TimeRange;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryParserTest {
  private static MetricsQuery parse(String... nameValues) {
    Map<String, String> params = new HashMap<>();
    for (int i = 0; i < nameValues.length; i += 2) {
      params.put(nameValues[i], nameValues[i + 1]);
    }
    return QueryParser.parse(params::get, null);
  }

  @Test
  void secondsAndMillisecondsAreBothAccepted() {
    assertThat(
            parse("metricNames", "m", "startTime", "1700000000", "endTime", "1700000060").range())
        .contains(new TimeRange(1_700_000_000_000L, 1_700_000_060_000L));
    assertThat(
            parse("metricNames", "m", "startTime", "1700000000000", "endTime", "1700000060500")
                .range())
        .contains(new TimeRange(1_700_000_000_000L, 1_700_000_060_500L));
  }

  @Test
  void commaListsAreTrimmedAndBlanksSkipped() {
    MetricsQuery q =
        parse(
            "metricNames",
            " a, ,b._rate ,",
            "hostname",
            "h1,%",
            "appId",
            "HOST",
            "instanceId",
            "",
            "precision",
            "SeConds",
            "grouped",
            "false");
    assertThat(q.metricNames()).extracting(MetricName::base).containsExactly("a", "b");
    assertThat(q.metricNames().get(1).post()).isEqualTo(PostFunction.RATE);
    assertThat(q.hostNames()).containsExactly("h1", "%");
    assertThat(q.instanceId()).isNull();
    assertThat(q.precision()).contains(Precision.SECONDS);
    assertThat(q.grouped()).isFalse();
    assertThat(q.range()).isEmpty();
  }

  @Test
  void defaultsAreAmsDefaults() {
    MetricsQuery q = parse("metricNames", "m");
    assertThat(q.grouped()).isTrue();
    assertThat(q.topN()).isNull();
    assertThat(q.limit()).isEmpty();
    assertThat(q.seriesAggregate()).isNull();
    assertThat(parse("metricNames", "m", "instanceId", "undefined").instanceId()).isNull();
    assertThat(parse("metricNames", "m", "topN", "0").topN()).isNull();
  }

  @Test
  void topNAndSeriesAggregationAreParsed() {
    MetricsQuery q =
        parse(
            "metricNames",
            "m",
            "topN",
            "3",
            "topNFunction",
            "AVG",
            "isBottomN",
            "true",
            "seriesAggregateFunction",
            "sum",
            "limit",
            "100");
    assertThat(q.topN()).isEqualTo(new TopN(3, "avg", true));
    assertThat(q.seriesAggregate()).isEqualTo("SUM");
    assertThat(q.limit()).hasValue(100);
    assertThat(parse("metricNames", "m", "topN", "2").topN().function()).isEqualTo("max");
  }

  @Test
  void thePathInstanceWinsOverTheParameter() {
    assertThat(
            QueryParser.parse(Map.of("metricNames", "m", "instanceId", "a")::get, "b").instanceId())
        .isEqualTo("b");
  }

  @Test
  void amsErrorsForBadParameters() {
    assertThatThrownBy(() -> parse("metricNames", " , ", "startTime", "1", "endTime", "2"))
        .hasMessage("No metric name filter specified.");
    assertThatThrownBy(() -> parse("startTime", "1", "endTime", "2"))
        .hasMessage("No metric name filter specified.");
    assertThatThrownBy(() -> parse("metricNames", "m", "startTime", "1700000000"))
        .hasMessage("Open ended query not supported");
    assertThatThrownBy(() -> parse("metricNames", "m", "endTime", "1700000000"))
        .hasMessage("Open ended query not supported");
    assertThatThrownBy(() -> parse("metricNames", "m", "startTime", "yesterday", "endTime", "1"))
        .isInstanceOf(BadQueryException.class)
        .hasMessageContaining("startTime");
    assertThatThrownBy(() -> parse("metricNames", "m", "precision", "weeks"))
        .isInstanceOf(BadQueryException.class)
        .hasMessageContaining("precision should be");
    assertThatThrownBy(() -> parse("metricNames", "m", "limit", "many"))
        .isInstanceOf(BadQueryException.class);
    assertThatThrownBy(() -> parse("metricNames", "m", "topN", "3", "topNFunction", "median"))
        .hasMessageContaining("topNFunction");
    assertThatThrownBy(() -> parse("metricNames", "m", "seriesAggregateFunction", "p99"))
        .hasMessageContaining("seriesAggregateFunction");
  }

  @Test
  void negativeReversedAndAbsurdTimesAreRefused() {
    assertThatThrownBy(() -> parse("metricNames", "m", "startTime", "-5", "endTime", "-1"))
        .isInstanceOf(BadQueryException.class)
        .hasMessage("startTime must not be negative, got -5");
    assertThatThrownBy(() -> parse("metricNames", "m", "startTime", "5", "endTime", "-1"))
        .isInstanceOf(BadQueryException.class)
        .hasMessage("endTime must not be negative, got -1");
    assertThatThrownBy(
            () -> parse("metricNames", "m", "startTime", "1700000060", "endTime", "1700000000"))
        .isInstanceOf(BadQueryException.class)
        .hasMessage("startTime 1700000060 is after endTime 1700000000");
    assertThatThrownBy(
            () ->
                parse(
                    "metricNames",
                    "m",
                    "startTime",
                    "1",
                    "endTime",
                    String.valueOf(Long.MAX_VALUE)))
        .isInstanceOf(BadQueryException.class)
        .hasMessageContaining("past the year 9999");
    assertThat(
            parse("metricNames", "m", "startTime", "1700000000", "endTime", "1700000000").range())
        .contains(new TimeRange(1_700_000_000_000L, 1_700_000_000_000L));
  }
}
