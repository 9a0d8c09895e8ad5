package io.almanac.ops.server.model;

import java.util.List;

/**
 * One stage as submitted.
 *
 * @param successFraction the share of each role's tasks that must complete for the stage to pass
 * @param skippable when true, the stage's failures never fail the request
 * @param parallelPerHost null, or how many of the stage's tasks one host runs at once (instead of
 *     the server's per-host concurrency); when given, a host and role may appear more than once
 */
public record StageSpec(
    String name,
    double successFraction,
    boolean skippable,
    List<TaskSpec> tasks,
    Integer parallelPerHost) {

  /** A stage with one task per host and role, run as the server's per-host concurrency allows. */
  public StageSpec(String name, double successFraction, boolean skippable, List<TaskSpec> tasks) {
    this(name, successFraction, skippable, tasks, null);
  }

  public StageSpec {
    // Null entries are kept so the validator can point at them.
    tasks =
        tasks == null
            ? null
            : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(tasks));
  }
}
