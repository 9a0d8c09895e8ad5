package io.almanac.alerting.rules;

import java.util.List;

/** Rule files that cannot be loaded, with every problem found: file, group or rule, and reason. */
public final class RuleFileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  /** An exception listing {@code problems}. */
  public RuleFileException(List<String> problems) {
    super(String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  /** Each problem, as "file: group "g", rule "r": reason". */
  public List<String> problems() {
    return problems;
  }
}
