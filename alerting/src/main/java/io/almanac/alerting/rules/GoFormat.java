package io.almanac.alerting.rules;

import java.util.List;
import java.util.Locale;

/**
 * Go's {@code printf} verbs as templates use them: {@code %s %v %d %f %e %g %x %%}, with flags,
 * width and precision ({@code %.2f}, {@code %5.1f}, {@code %-10s}).
 */
final class GoFormat {
  private GoFormat() {}

  static String printf(String format, List<Object> args) {
    StringBuilder out = new StringBuilder();
    int next = 0;
    int i = 0;
    while (i < format.length()) {
      char c = format.charAt(i);
      if (c != '%') {
        out.append(c);
        i++;
        continue;
      }
      int start = i++;
      while (i < format.length() && "+-# 0123456789.".indexOf(format.charAt(i)) >= 0) {
        i++;
      }
      if (i >= format.length()) {
        out.append("%!(NOVERB)");
        break;
      }
      char verb = format.charAt(i++);
      String spec = format.substring(start + 1, i - 1);
      if (verb == '%') {
        out.append('%');
        continue;
      }
      if (next >= args.size()) {
        out.append("%!").append(verb).append("(MISSING)");
        continue;
      }
      out.append(one(verb, spec, args.get(next++)));
    }
    return out.toString();
  }

  private static String one(char verb, String spec, Object arg) {
    double number = arg instanceof Double d ? d : parse(String.valueOf(arg));
    return switch (verb) {
      case 's', 'v' -> String.format(Locale.ROOT, "%" + spec + "s", Template.text(arg));
      case 'd' ->
          Double.isNaN(number)
              ? "%!d(" + Template.text(arg) + ")"
              : String.format(Locale.ROOT, "%" + spec + "d", (long) number);
      case 'f', 'e' -> String.format(Locale.ROOT, "%" + spec + verb, number);
      case 'g' ->
          spec.contains(".")
              ? GoFloats.g(
                  number,
                  Math.max(1, Integer.parseInt("0" + spec.substring(spec.indexOf('.') + 1))))
              : GoFloats.v(number);
      case 'x' ->
          Double.isNaN(number)
              ? String.format(
                  Locale.ROOT,
                  "%" + spec + "x",
                  new java.math.BigInteger(
                      1, String.valueOf(arg).getBytes(java.nio.charset.StandardCharsets.UTF_8)))
              : String.format(Locale.ROOT, "%" + spec + "x", (long) number);
      default -> "%!" + verb + "(" + Template.text(arg) + ")";
    };
  }

  private static double parse(String s) {
    try {
      return Double.parseDouble(s.trim());
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
