package io.almanac.promql;

import java.util.regex.Pattern;

/**
 * A label matcher of a selector: {@code =}, {@code !=}, {@code =~}, {@code !~}. Regular expressions
 * match the whole value, as in Prometheus.
 *
 * @param name the label name ({@code __name__} for the metric name)
 * @param type how the value is compared
 * @param value the value or regular expression
 * @param pattern the compiled expression of a regex matcher, else null
 */
public record LabelMatcher(String name, Type type, String value, Pattern pattern) {
  /** The comparison. */
  public enum Type {
    /** {@code =} */
    EQUAL,
    /** {@code !=} */
    NOT_EQUAL,
    /** {@code =~} */
    REGEX,
    /** {@code !~} */
    NOT_REGEX
  }

  /** A matcher; regular expressions are compiled (anchored) here. */
  public static LabelMatcher of(String name, Type type, String value) {
    Pattern pattern = null;
    if (type == Type.REGEX || type == Type.NOT_REGEX) {
      try {
        pattern = Pattern.compile("(?:" + value + ")", Pattern.DOTALL);
      } catch (java.util.regex.PatternSyntaxException e) {
        throw new PromQlException(
            "invalid regular expression \"" + value + "\": " + e.getDescription());
      }
    }
    return new LabelMatcher(name, type, value, pattern);
  }

  /** Whether a label with {@code actual} as its value (empty when absent) matches. */
  public boolean matches(String actual) {
    String v = actual == null ? "" : actual;
    switch (type) {
      case EQUAL:
        return v.equals(value);
      case NOT_EQUAL:
        return !v.equals(value);
      case REGEX:
        return pattern.matcher(v).matches();
      default:
        return !pattern.matcher(v).matches();
    }
  }

  /** Whether the empty value matches: such a matcher alone selects nothing in Prometheus. */
  public boolean matchesEmpty() {
    return matches("");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LabelMatcher m
        && m.name.equals(name)
        && m.type == type
        && m.value.equals(value);
  }

  @Override
  public int hashCode() {
    return (name.hashCode() * 31 + type.hashCode()) * 31 + value.hashCode();
  }

  @Override
  public String toString() {
    String op =
        switch (type) {
          case EQUAL -> "=";
          case NOT_EQUAL -> "!=";
          case REGEX -> "=~";
          case NOT_REGEX -> "!~";
        };
    return name + op + "\"" + value + "\"";
  }
}
