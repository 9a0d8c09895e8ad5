package io.almanac.ops.server.model;

import java.util.List;

/** A request as submitted: ordered stages of tasks. Checked by {@link RequestValidator}. */
public record RequestSpec(String name, List<StageSpec> stages) {
  public RequestSpec {
    stages = List.copyOf(stages);
  }
}
