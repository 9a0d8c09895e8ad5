package io.almanac.alerting.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A label or annotation template in the subset of Go's text/template that Prometheus rules use in
 * practice: {@code {{ $labels.name }}}, {@code {{ $value }}} (and {@code .Labels.name}, {@code
 * .Value}), the functions {@code humanize}, {@code humanize1024}, {@code humanizePercentage},
 * {@code humanizeDuration}, {@code printf}, {@code toUpper}, {@code toLower}, {@code title}, called
 * with arguments or through pipes ({@code {{ $value | humanize }}}), and the {@code {{-}} / {@code
 * -}}} whitespace trims. Anything else is refused when the rule file is loaded.
 */
public final class Template {
  private sealed interface Part permits Text, Action {}

  private record Text(String text) implements Part {}

  private record Action(List<Command> pipeline) implements Part {}

  /** A function and its arguments, or a single operand (function null). */
  private record Command(String function, List<Operand> args) {}

  private record Operand(Kind kind, String text) {}

  private enum Kind {
    VALUE,
    LABEL,
    STRING,
    NUMBER
  }

  private static final List<String> FUNCTIONS =
      List.of(
          "humanize",
          "humanize1024",
          "humanizePercentage",
          "humanizeDuration",
          "printf",
          "toUpper",
          "toLower",
          "title");

  private final String source;
  private final List<Part> parts;

  private Template(String source, List<Part> parts) {
    this.source = source;
    this.parts = parts;
  }

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException naming what is wrong or not supported
   */
  public static Template parse(String text) {
    List<Part> parts = new ArrayList<>();
    int i = 0;
    StringBuilder literal = new StringBuilder();
    while (i < text.length()) {
      int open = text.indexOf("{{", i);
      if (open < 0) {
        literal.append(text, i, text.length());
        break;
      }
      literal.append(text, i, open);
      int close = text.indexOf("}}", open + 2);
      if (close < 0) {
        throw new IllegalArgumentException("unclosed action \"{{\" at position " + open);
      }
      String body = text.substring(open + 2, close);
      if (body.startsWith("-")) {
        trimTrailing(literal);
        body = body.substring(1);
      }
      boolean trimAfter = body.endsWith("-");
      if (trimAfter) {
        body = body.substring(0, body.length() - 1);
      }
      if (literal.length() > 0) {
        parts.add(new Text(literal.toString()));
        literal.setLength(0);
      }
      parts.add(new Action(pipeline(body.trim())));
      i = close + 2;
      if (trimAfter) {
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
          i++;
        }
      }
    }
    if (literal.length() > 0) {
      parts.add(new Text(literal.toString()));
    }
    return new Template(text, List.copyOf(parts));
  }

  /** The template as written. */
  public String source() {
    return source;
  }

  /** The text for an alert with {@code labels} and {@code value}. */
  public String render(Map<String, String> labels, double value) {
    StringBuilder out = new StringBuilder();
    for (Part p : parts) {
      if (p instanceof Text t) {
        out.append(t.text());
      } else {
        out.append(text(run(((Action) p).pipeline(), labels, value)));
      }
    }
    return out.toString();
  }

  // ---- parsing ----

  private static void trimTrailing(StringBuilder s) {
    int end = s.length();
    while (end > 0 && Character.isWhitespace(s.charAt(end - 1))) {
      end--;
    }
    s.setLength(end);
  }

  private static List<Command> pipeline(String body) {
    if (body.isEmpty()) {
      throw new IllegalArgumentException("empty action \"{{ }}\"");
    }
    List<Command> out = new ArrayList<>();
    for (String stage : splitPipes(body)) {
      List<String> words = words(stage.trim());
      if (words.isEmpty()) {
        throw new IllegalArgumentException("empty command in \"{{ " + body + " }}\"");
      }
      String head = words.get(0);
      if (FUNCTIONS.contains(head)) {
        List<Operand> args = new ArrayList<>();
        words.subList(1, words.size()).forEach(w -> args.add(operand(w)));
        out.add(new Command(head, args));
      } else if (words.size() == 1 && !out.isEmpty()) {
        throw new IllegalArgumentException("\"" + head + "\" is not a function it can pipe into");
      } else if (words.size() == 1) {
        out.add(new Command(null, List.of(operand(head))));
      } else {
        throw new IllegalArgumentException(
            "function \""
                + head
                + "\" is not supported (supported: "
                + String.join(", ", FUNCTIONS)
                + ")");
      }
    }
    return out;
  }

  private static Operand operand(String w) {
    if (w.equals("$value") || w.equals(".Value")) {
      return new Operand(Kind.VALUE, w);
    }
    for (String prefix : List.of("$labels.", ".Labels.")) {
      if (w.startsWith(prefix) && w.length() > prefix.length()) {
        return new Operand(Kind.LABEL, w.substring(prefix.length()));
      }
    }
    if (w.length() >= 2
        && ((w.startsWith("\"") && w.endsWith("\"")) || (w.startsWith("`") && w.endsWith("`")))) {
      return new Operand(Kind.STRING, w.substring(1, w.length() - 1).replace("\\\"", "\""));
    }
    try {
      Double.parseDouble(w);
      return new Operand(Kind.NUMBER, w);
    } catch (NumberFormatException notANumber) {
      throw new IllegalArgumentException(
          "\""
              + w
              + "\" is not supported in a template (use $labels.NAME, $value, a string or a"
              + " number)");
    }
  }

  private static List<String> splitPipes(String body) {
    List<String> out = new ArrayList<>();
    int start = 0;
    char quote = 0;
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (quote != 0) {
        if (c == quote && body.charAt(i - 1) != '\\') {
          quote = 0;
        }
      } else if (c == '"' || c == '`') {
        quote = c;
      } else if (c == '|') {
        out.add(body.substring(start, i));
        start = i + 1;
      }
    }
    out.add(body.substring(start));
    return out;
  }

  private static List<String> words(String stage) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < stage.length()) {
      char c = stage.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
        continue;
      }
      int start = i;
      if (c == '"' || c == '`') {
        i++;
        while (i < stage.length() && !(stage.charAt(i) == c && stage.charAt(i - 1) != '\\')) {
          i++;
        }
        if (i >= stage.length()) {
          throw new IllegalArgumentException("unterminated string in \"" + stage + "\"");
        }
        i++;
      } else {
        while (i < stage.length() && !Character.isWhitespace(stage.charAt(i))) {
          i++;
        }
      }
      out.add(stage.substring(start, i));
    }
    return out;
  }

  // ---- rendering ----

  private static Object run(List<Command> pipeline, Map<String, String> labels, double value) {
    Object piped = null;
    for (Command c : pipeline) {
      List<Object> args = new ArrayList<>();
      c.args().forEach(a -> args.add(value(a, labels, value)));
      if (piped != null) {
        args.add(piped);
      }
      piped = c.function() == null ? args.get(0) : call(c.function(), args);
    }
    return piped;
  }

  private static Object value(Operand o, Map<String, String> labels, double value) {
    return switch (o.kind()) {
      case VALUE -> value;
      case LABEL -> labels.getOrDefault(o.text(), "");
      case STRING -> o.text();
      case NUMBER -> Double.parseDouble(o.text());
    };
  }

  private static Object call(String function, List<Object> args) {
    if (function.equals("printf")) {
      if (args.isEmpty()) {
        return "%!(printf without a format)";
      }
      return GoFormat.printf(text(args.get(0)), args.subList(1, args.size()));
    }
    if (args.size() != 1) {
      return "%!(" + function + " takes one argument, got " + args.size() + ")";
    }
    Object a = args.get(0);
    return switch (function) {
      case "toUpper" -> text(a).toUpperCase(Locale.ROOT);
      case "toLower" -> text(a).toLowerCase(Locale.ROOT);
      case "title" -> title(text(a));
      default -> {
        double v = number(a);
        yield switch (function) {
          case "humanize" -> Humanize.metric(v);
          case "humanize1024" -> Humanize.binary(v);
          case "humanizePercentage" -> Humanize.percentage(v);
          default -> Humanize.duration(v);
        };
      }
    };
  }

  private static double number(Object a) {
    if (a instanceof Double d) {
      return d;
    }
    try {
      return Double.parseDouble(text(a).trim());
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private static String title(String s) {
    StringBuilder out = new StringBuilder(s.length());
    boolean start = true;
    for (char c : s.toCharArray()) {
      out.append(start ? Character.toUpperCase(c) : c);
      start = !Character.isLetterOrDigit(c);
    }
    return out.toString();
  }

  /** Go's default text of a value: a number as {@code %v} prints a float64. */
  static String text(Object o) {
    if (o instanceof Double d) {
      return GoFloats.v(d);
    }
    return String.valueOf(o);
  }
}
