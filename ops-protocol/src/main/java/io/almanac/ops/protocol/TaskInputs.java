package io.almanac.ops.protocol;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import java.util.Map;

/**
 * What a task brings beside its command: files written into a working directory of its own (which
 * it then runs in) and environment variables.
 */
public record TaskInputs(List<TaskFile> files, Map<String, String> env) {
  public TaskInputs {
    files = files == null ? List.of() : List.copyOf(files);
    env = env == null ? Map.of() : Map.copyOf(env);
  }

  /** Whether it brings nothing. */
  @JsonIgnore
  public boolean isEmpty() {
    return files.isEmpty() && env.isEmpty();
  }
}
