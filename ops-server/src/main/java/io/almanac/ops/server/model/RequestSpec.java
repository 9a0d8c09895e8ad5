package io.almanac.ops.server.model;

import java.util.List;

/**
 * A request as submitted: ordered stages of tasks. Checked by {@link RequestValidator}.
 *
 * @param holdOnFailure hold the request on a failure instead of ending it (see {@link
 *     TaskStatus#HOLDING_FAILED})
 */
public record RequestSpec(String name, List<StageSpec> stages, boolean holdOnFailure) {

  /** A request that ends on a failure it cannot tolerate. */
  public RequestSpec(String name, List<StageSpec> stages) {
    this(name, stages, false);
  }

  /** This request, holding on failure or not. */
  public RequestSpec holdingOnFailure(boolean hold) {
    return new RequestSpec(name, stages, hold);
  }

  public RequestSpec {
    // Null entries are kept so the validator can point at them.
    stages =
        stages == null
            ? null
            : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(stages));
  }
}
