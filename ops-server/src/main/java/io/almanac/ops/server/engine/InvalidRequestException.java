package io.almanac.ops.server.engine;

import java.util.List;

/** A submitted request that cannot be stored, with every problem found. */
public class InvalidRequestException extends Exception {

  private final List<String> problems;

  public InvalidRequestException(List<String> problems) {
    super(String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
