package io.almanac.alerting.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.almanac.alerting.OutgoingAlert;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The JSON bodies: Alertmanager's API v2 list of alerts, and its webhook message. */
final class AlertPayloads {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AlertPayloads() {}

  /** {@code [{"labels", "annotations", "startsAt", "endsAt", "generatorURL"}, ...]}. */
  static String alertmanager(List<OutgoingAlert> alerts) {
    ArrayNode out = JSON.createArrayNode();
    for (OutgoingAlert a : alerts) {
      ObjectNode n = out.addObject();
      n.set("labels", JSON.valueToTree(a.labels()));
      n.set("annotations", JSON.valueToTree(a.annotations()));
      n.put("startsAt", Instant.ofEpochMilli(a.startsAt()).toString());
      n.put("endsAt", Instant.ofEpochMilli(a.endsAt()).toString());
      n.put("generatorURL", a.generatorUrl());
    }
    return out.toString();
  }

  /** Alertmanager's webhook message (version 4) of one batch. */
  static String webhook(List<OutgoingAlert> alerts, String externalUrl) {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", "4");
    root.put("groupKey", "{}:{}");
    root.put("truncatedAlerts", 0);
    boolean anyFiring = alerts.stream().anyMatch(a -> !a.resolved());
    root.put("status", anyFiring ? "firing" : "resolved");
    root.put("receiver", "almanac");
    root.set("groupLabels", JSON.createObjectNode());
    root.set(
        "commonLabels",
        JSON.valueToTree(common(alerts.stream().map(OutgoingAlert::labels).toList())));
    root.set(
        "commonAnnotations",
        JSON.valueToTree(common(alerts.stream().map(OutgoingAlert::annotations).toList())));
    root.put("externalURL", externalUrl);
    ArrayNode list = root.putArray("alerts");
    for (OutgoingAlert a : alerts) {
      ObjectNode n = list.addObject();
      n.put("status", a.resolved() ? "resolved" : "firing");
      n.set("labels", JSON.valueToTree(a.labels()));
      n.set("annotations", JSON.valueToTree(a.annotations()));
      n.put("startsAt", Instant.ofEpochMilli(a.startsAt()).toString());
      n.put(
          "endsAt",
          a.resolved() ? Instant.ofEpochMilli(a.endsAt()).toString() : "0001-01-01T00:00:00Z");
      n.put("generatorURL", a.generatorUrl());
      n.put("fingerprint", fingerprint(a.labels()));
    }
    return root.toString();
  }

  /** The pairs every map holds with the same value. */
  private static Map<String, String> common(List<? extends Map<String, String>> maps) {
    Map<String, String> out = new HashMap<>(maps.isEmpty() ? Map.of() : maps.get(0));
    for (Map<String, String> m : maps) {
      out.entrySet().removeIf(e -> !e.getValue().equals(m.get(e.getKey())));
    }
    return new java.util.TreeMap<>(out);
  }

  /** Prometheus's label-set signature: FNV-1a 64 over sorted name, 0xff, value, 0xff. */
  static String fingerprint(Map<String, String> sortedLabels) {
    long hash = 0xcbf29ce484222325L;
    for (Map.Entry<String, String> e : new java.util.TreeMap<>(sortedLabels).entrySet()) {
      for (String part : List.of(e.getKey(), e.getValue())) {
        for (byte b : part.getBytes(StandardCharsets.UTF_8)) {
          hash ^= b & 0xff;
          hash *= 0x100000001b3L;
        }
        hash ^= 0xff;
        hash *= 0x100000001b3L;
      }
    }
    return String.format("%016x", hash);
  }
}
