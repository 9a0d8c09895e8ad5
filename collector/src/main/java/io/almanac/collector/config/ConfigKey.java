package io.almanac.collector.config;

/**
 * One configuration key, declared once: its name, its default (as written in the file), the kind of
 * value it takes (which decides how it is checked) and what it means. The documented file {@code
 * conf/almanac.properties} is rendered from these declarations.
 *
 * @param section the heading it is listed under
 * @param name the key
 * @param defaultValue the default, as written in a properties file
 * @param kind what values it takes
 * @param doc what it means, as comment text; empty when the comment of the key before covers it
 */
public record ConfigKey(
    ConfigSection section, String name, String defaultValue, ValueKind kind, String doc) {

  /** The kinds of value a key takes, and how each is described in an error. */
  public enum ValueKind {
    /** Any text, empty included. */
    TEXT("text"),
    /** {@code true} or {@code false}. */
    BOOLEAN("true or false"),
    /** A whole number above zero. */
    POSITIVE("a positive whole number"),
    /** A whole number, zero or more. */
    NUMBER("a whole number"),
    /** A duration such as 30s. */
    DURATION("a duration like 30s"),
    /** A size such as 64m. */
    SIZE("a size like 64m"),
    /** A value of its own syntax, checked where it is read. */
    SPECIAL("a valid value");

    private final String expected;

    ValueKind(String expected) {
      this.expected = expected;
    }

    /** How an error names what was expected. */
    public String expected() {
      return expected;
    }
  }
}
