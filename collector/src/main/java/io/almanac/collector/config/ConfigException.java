package io.almanac.collector.config;

import java.util.List;

/** The configuration has errors; the message lists every one of them. */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The errors found, one per line. */
  private final List<String> errors;

  /** With all errors found. */
  public ConfigException(String source, List<String> errors) {
    super("Invalid configuration in " + source + ":\n  " + String.join("\n  ", errors));
    this.errors = List.copyOf(errors);
  }

  /** Each error on its own. */
  public List<String> errors() {
    return errors;
  }
}
