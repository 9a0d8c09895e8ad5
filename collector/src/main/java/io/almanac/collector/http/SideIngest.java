package io.almanac.collector.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.almanac.collector.ingest.IngestService;
import io.almanac.collector.ingest.MetricValidator;
import io.almanac.model.MetricKey;
import io.almanac.model.SeriesKey;
import io.almanac.model.json.MalformedMetricsException;
import io.almanac.model.json.MetricProblem;
import io.almanac.model.store.ContainerMetric;
import io.almanac.model.store.Rollup;
import io.almanac.model.store.RollupLevel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two smaller POSTs of the AMS API: host-side minute aggregates ({@code /metrics/aggregated},
 * an {@code AggregationResult} with AMS's spelling {@code timeInMilis}) and YARN container
 * statistics ({@code /containermetrics}). Each entry is judged on its own, as for raw metrics.
 */
final class SideIngest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CONTAINER_ID =
      Pattern.compile("container_(?:e\\d+_)?(\\d+)_(\\d+)_\\d+_\\d+");

  private SideIngest() {}

  /** Stores an AggregationResult into the host minute table; returns the entries refused. */
  static List<MetricProblem> aggregated(InputStream body, IngestService ingest) {
    MetricValidator validator = ingest.validator();
    JsonNode root = parse(body);
    JsonNode time = root.get("timeInMilis");
    if (time == null || !time.canConvertToLong()) {
      throw new MalformedMetricsException(
          "an AggregationResult needs \"timeInMilis\" (epoch milliseconds)", null);
    }
    List<MetricProblem> problems = new ArrayList<>();
    Map<SeriesKey, List<Rollup>> rows = new LinkedHashMap<>();
    JsonNode result = root.path("result");
    for (int i = 0; i < result.size(); i++) {
      JsonNode entry = result.get(i);
      JsonNode m = entry.path("timelineMetric");
      JsonNode a = entry.path("metricAggregate");
      String name = text(m, "metricname");
      String app = text(m, "appid");
      String host = text(m, "hostname");
      String instance = text(m, "instanceid");
      String problem = numbersProblem(a);
      if (problem == null) {
        problem =
            validator
                .problem(
                    name,
                    app,
                    instance,
                    host,
                    time.asLong(),
                    a.get("sum").asDouble(),
                    a.get("max").asDouble(),
                    a.get("min").asDouble())
                .orElse(null);
      }
      if (problem != null) {
        problems.add(new MetricProblem(i, name, app, host, problem));
        continue;
      }
      SeriesKey key = new SeriesKey(new MetricKey(name, app, instance), host);
      rows.computeIfAbsent(key, k -> new ArrayList<>())
          .add(
              new Rollup(
                  time.asLong(),
                  a.get("sum").asDouble(),
                  a.get("numberOfSamples").asLong(),
                  a.get("max").asDouble(),
                  a.get("min").asDouble()));
    }
    ingest.ingestHostRollups(RollupLevel.HOST_MINUTE, rows);
    return problems;
  }

  private static String numbersProblem(JsonNode aggregate) {
    for (String field : List.of("sum", "max", "min", "numberOfSamples")) {
      if (!aggregate.path(field).isNumber()) {
        return "\"metricAggregate\" needs a number in \"" + field + "\"";
      }
    }
    return null;
  }

  /** Stores a JSON array of ContainerMetric; returns the entries refused. */
  static List<MetricProblem> containers(InputStream body, IngestService ingest) {
    JsonNode root = parse(body);
    if (!root.isArray()) {
      throw new MalformedMetricsException("expected a JSON array of container metrics", null);
    }
    List<MetricProblem> problems = new ArrayList<>();
    List<ContainerMetric> ok = new ArrayList<>();
    for (int i = 0; i < root.size(); i++) {
      JsonNode c = root.get(i);
      String containerId = text(c, "containerId");
      Matcher id = containerId == null ? null : CONTAINER_ID.matcher(containerId);
      if (id == null || !id.matches()) {
        problems.add(
            new MetricProblem(
                i,
                containerId,
                null,
                text(c, "hostName"),
                "\"containerId\" must look like container_<clusterTimestamp>_<app>_<attempt>_<container>"));
        continue;
      }
      ok.add(
          new ContainerMetric(
              "application_" + id.group(1) + "_" + id.group(2),
              containerId,
              text(c, "hostName"),
              c.path("pmemLimit").asInt(),
              c.path("vmemLimit").asInt(),
              c.path("pmemUsedAvg").asInt(),
              c.path("pmemUsedMin").asInt(),
              c.path("pmemUsedMax").asInt(),
              c.path("pmem50Pct").asInt(),
              c.path("pmem75Pct").asInt(),
              c.path("pmem90Pct").asInt(),
              c.path("pmem95Pct").asInt(),
              c.path("pmem99Pct").asInt(),
              c.path("launchDuration").asLong(),
              c.path("localizationDuration").asLong(),
              c.path("startTime").asLong(),
              c.path("finishTime").asLong(),
              c.path("exitCode").asInt()));
    }
    ingest.ingestContainerMetrics(ok);
    return problems;
  }

  private static JsonNode parse(InputStream body) {
    try {
      JsonNode root = JSON.readTree(body);
      if (root == null || root.isMissingNode()) {
        throw new MalformedMetricsException("Malformed JSON: the body is empty", null);
      }
      return root;
    } catch (JsonProcessingException e) {
      throw new MalformedMetricsException("Malformed JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
  }
}
