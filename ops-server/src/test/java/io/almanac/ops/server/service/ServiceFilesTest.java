package io.almanac.ops.server.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.ops.server.store.OpsDatabase;
import io.almanac.ops.server.store.ServiceStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceFilesTest {
  @TempDir Path dir;

  @Test
  void definitionsInADirectoryAreStoredAndBadOnesRefusedWithTheirProblems() throws Exception {
    Path services = Files.createDirectories(dir.resolve("services"));
    Files.writeString(
        services.resolve("demo.yml"),
        """
        components:
          - name: store
            category: MASTER
            hosts: [h1]
            scripts: {start: "store start", stop: "store stop", status: "store status"}
            readiness: {port: 7000, timeoutSeconds: 60}
          - name: web
            category: WORKER
            hosts: [h1, h2]
            startAfter: [store]
            scripts: {start: "web start", stop: "web stop", status: "web status"}
        """);
    Files.writeString(
        services.resolve("loop.yaml"),
        """
        components:
          - {name: a, category: CLIENT, hosts: [h1], startAfter: [b]}
          - {name: b, category: CLIENT, hosts: [h1], startAfter: [a]}
        """);
    Files.writeString(services.resolve("typo.json"), "{\"components\": [], \"colour\": 1}");
    Files.writeString(services.resolve("README.txt"), "not a definition");
    try (OpsDatabase db =
        OpsDatabase.open(OpsDatabase.embeddedUrl(dir.resolve("db")), null, null)) {
      List<ServiceFiles.Outcome> outcomes = ServiceFiles.load(services, db, Clock.systemUTC());
      assertThat(outcomes)
          .extracting(ServiceFiles.Outcome::service)
          .containsExactly("demo", "loop", "typo");
      assertThat(outcomes.get(0).stored()).isTrue();
      assertThat(outcomes.get(1).problems())
          .containsExactly("startAfter makes a cycle: a -> b -> a");
      assertThat(outcomes.get(2).problems().get(0)).contains("colour");
      Map<String, String> stored = db.read(new ServiceStore()::all);
      assertThat(stored).containsOnlyKeys("demo");
      assertThat(stored.get("demo")).contains("\"name\":\"demo\"").contains("\"port\":7000");
    }
  }
}
