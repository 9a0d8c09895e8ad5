package io.almanac.ops.server.model;

import java.util.List;

/** A request as submitted: ordered stages of tasks. Checked by {@link RequestValidator}. */
public record RequestSpec(String name, List<StageSpec> stages) {
  public RequestSpec {
    // Null entries are kept so the validator can point at them.
    stages =
        stages == null
            ? null
            : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(stages));
  }
}
