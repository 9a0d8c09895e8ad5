package io.almanac.ops.server.model;

import java.util.List;

/**
 * One stage as submitted.
 *
 * @param successFraction the share of each role's tasks that must complete for the stage to pass
 * @param skippable when true, the stage's failures never fail the request
 */
public record StageSpec(
    String name, double successFraction, boolean skippable, List<TaskSpec> tasks) {
  public StageSpec {
    // Null entries are kept so the validator can point at them.
    tasks =
        tasks == null
            ? null
            : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(tasks));
  }
}
