package io.almanac.ops.server.engine;

import java.util.List;

/** What became of a submitted request: stored under an id, or refused with every problem found. */
sealed interface SubmitResult {
  /** The id of the stored request; throws the problems of a refused one. */
  long requestIdOrThrow() throws InvalidRequestException;

  /**
   * Stored and started, or (when {@code repeated}) stored before under the same idempotency key.
   */
  record Accepted(long requestId, boolean repeated) implements SubmitResult {
    @Override
    public long requestIdOrThrow() {
      return requestId;
    }
  }

  /** Not stored. */
  record Refused(List<String> problems) implements SubmitResult {
    /** Copies the list. */
    public Refused {
      problems = List.copyOf(problems);
    }

    @Override
    public long requestIdOrThrow() throws InvalidRequestException {
      throw new InvalidRequestException(problems);
    }
  }
}
