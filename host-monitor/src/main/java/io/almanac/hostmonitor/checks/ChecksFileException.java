package io.almanac.hostmonitor.checks;

import java.util.List;

/** A checks file that cannot be used, with every problem found in it. */
public final class ChecksFileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  ChecksFileException(List<String> problems) {
    super(String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  /** Each problem, naming the check it is in. */
  public List<String> problems() {
    return problems;
  }
}
