package io.almanac.ops.server.service;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.almanac.ops.server.store.OpsDatabase;
import io.almanac.ops.server.store.ServiceStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Service definitions kept as files: every {@code NAME.yml}, {@code NAME.yaml} or {@code NAME.json}
 * in a directory is stored as service NAME when the ops server starts (replacing what was stored
 * under that name), if it passes the same checks as {@code PUT /api/v1/services}.
 */
public final class ServiceFiles {
  private static final ObjectMapper YAML =
      YAMLMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  private ServiceFiles() {}

  /** What loading one file did: stored, or refused with its problems. */
  public record Outcome(Path file, String service, List<String> problems) {
    public boolean stored() {
      return problems.isEmpty();
    }
  }

  /** Loads the definitions of {@code dir}, in name order. */
  public static List<Outcome> load(Path dir, OpsDatabase db, Clock clock)
      throws IOException, SQLException {
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(ServiceFiles::isDefinition).sorted().toList();
    }
    ServiceStore store = new ServiceStore();
    List<Outcome> outcomes = new ArrayList<>();
    for (Path file : files) {
      String fileName = file.getFileName().toString();
      String name = fileName.substring(0, fileName.lastIndexOf('.'));
      ServiceDefinition def;
      try {
        def = YAML.readValue(file.toFile(), ServiceDefinition.class);
      } catch (IOException e) {
        outcomes.add(
            new Outcome(file, name, List.of("not a service definition: " + e.getMessage())));
        continue;
      }
      List<String> problems = ServiceValidator.problems(def, name);
      if (problems.isEmpty()) {
        String stored = JSON.writeValueAsString(new ServiceDefinition(name, def.components()));
        db.inTransaction(c -> store.put(c, name, stored, clock.millis()));
      }
      outcomes.add(new Outcome(file, name, problems));
    }
    return outcomes;
  }

  private static boolean isDefinition(Path file) {
    String name = file.getFileName().toString();
    return Files.isRegularFile(file)
        && (name.endsWith(".yml") || name.endsWith(".yaml") || name.endsWith(".json"));
  }
}
