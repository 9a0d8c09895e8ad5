package io.almanac.ops.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /api/v1/runs}: a command with attached files on live agents, end to end. */
class OpsRunsIT {

  @TempDir Path dir;
  private OpsCluster cluster;

  @BeforeEach
  void start() throws Exception {
    cluster = new OpsCluster(dir, Duration.ofSeconds(5), null, null);
    cluster.startServer();
    cluster.startAgent("h1");
    cluster.startAgent("h2");
    cluster.awaitConnected("h1", "h2");
  }

  @AfterEach
  void stop() throws Exception {
    cluster.close();
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void anAttachedScriptRunsOnTheLiveAgentsAndItsOutputComesBack() throws Exception {
    String script = "#!/bin/bash\nset -e\nsource lib/greeting.sh\ngreet \"$1\"\n";
    String library = "greet() { echo \"$GREETING, $1 (task $ALMANAC_TASK_ID)\"; }\n";
    String body =
        "{\"name\":\"greet\",\"command\":\"./greet.sh world\",\"hosts\":2,\"timeoutSeconds\":60,"
            + "\"env\":{\"GREETING\":\"hello\"},\"files\":["
            + "{\"path\":\"greet.sh\",\"contentBase64\":\""
            + base64(script)
            + "\",\"mode\":\"0755\"},"
            + "{\"path\":\"lib/greeting.sh\",\"contentBase64\":\""
            + base64(library)
            + "\"}]}";
    HttpResponse<String> created = cluster.post("/api/v1/runs", body);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    long id = OpsCluster.json(created).get("id").asLong();
    JsonNode done = cluster.awaitStatus(id, "COMPLETED", Duration.ofSeconds(60));
    for (String host : new String[] {"h1", "h2"}) {
      JsonNode task = OpsCluster.task(done, 1, host);
      assertThat(task.get("role").asText()).isEqualTo("RUN");
      String output =
          OpsCluster.json(
                  cluster.get(
                      "/api/v1/requests/"
                          + id
                          + "/tasks/"
                          + task.get("taskId").asLong()
                          + "/output"))
              .get("stdout")
              .asText();
      assertThat(output).isEqualTo("hello, world (task " + task.get("taskId").asLong() + ")\n");
    }
  }

  @Test
  void runsWithBadFilesOrTooManyHostsAreRefused() throws Exception {
    HttpResponse<String> escape =
        cluster.post(
            "/api/v1/runs",
            "{\"command\":\"cat x\",\"hosts\":[\"h1\"],\"files\":[{\"path\":\"../x\","
                + "\"contentBase64\":\"eA==\"}],\"env\":{\"ALMANAC_ROLE\":\"x\"}}");
    assertThat(escape.statusCode()).isEqualTo(400);
    assertThat(escape.body())
        .contains("files[0].path \\\"../x\\\" must be a relative path")
        .contains("env name \\\"ALMANAC_ROLE\\\"");
    HttpResponse<String> tooMany =
        cluster.post("/api/v1/runs", "{\"command\":\"true\",\"hosts\":3}");
    assertThat(tooMany.statusCode()).isEqualTo(400);
    assertThat(tooMany.body()).contains("than the 2 there are");
  }
}
