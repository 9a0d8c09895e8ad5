package io.almanac.ops.server.http;

import io.almanac.ops.protocol.TaskFile;
import io.almanac.ops.protocol.TaskInputs;
import io.almanac.ops.server.model.RequestSpec;
import io.almanac.ops.server.model.StageSpec;
import io.almanac.ops.server.model.TaskSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /api/v1/requests} as sent: optional fields are boxed so defaults can be
 * applied, and the result is checked by the request validator.
 *
 * @param holdOnFailure true: a failure that would end the request holds it instead, until the
 *     operator retries or skips the failed task
 */
record SubmitBody(String name, List<StageBody> stages, Boolean holdOnFailure) {

  /** Ambari's default command timeout (agent.task.timeout). */
  static final int DEFAULT_TIMEOUT_SECONDS = 900;

  record StageBody(
      String name,
      Double successFraction,
      Boolean skippable,
      Integer parallelPerHost,
      List<TaskBody> tasks) {}

  record TaskBody(
      String host,
      String role,
      String command,
      Integer timeoutSeconds,
      List<TaskFile> files,
      Map<String, String> env) {

    TaskInputs inputs() {
      return files == null && env == null ? null : new TaskInputs(files, env);
    }
  }

  RequestSpec toSpec() {
    List<StageSpec> stageSpecs = new ArrayList<>();
    if (stages != null) {
      for (StageBody stage : stages) {
        if (stage == null) {
          stageSpecs.add(null);
          continue;
        }
        List<TaskSpec> taskSpecs = new ArrayList<>();
        if (stage.tasks() != null) {
          for (TaskBody task : stage.tasks()) {
            taskSpecs.add(
                task == null
                    ? null
                    : new TaskSpec(
                        task.host(),
                        task.role() == null ? "SHELL" : task.role(),
                        task.command(),
                        task.timeoutSeconds() == null
                            ? DEFAULT_TIMEOUT_SECONDS
                            : task.timeoutSeconds(),
                        null,
                        task.inputs()));
          }
        }
        stageSpecs.add(
            new StageSpec(
                stage.name(),
                stage.successFraction() == null ? 1.0 : stage.successFraction(),
                Boolean.TRUE.equals(stage.skippable()),
                taskSpecs,
                stage.parallelPerHost()));
      }
    }
    return new RequestSpec(name, stageSpecs, Boolean.TRUE.equals(holdOnFailure));
  }
}
