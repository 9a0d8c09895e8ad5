package io.almanac.promql;

import java.util.ArrayList;
import java.util.List;

/** Splits a PromQL query into tokens. */
final class Lexer {
  private final String input;
  private int pos;

  private Lexer(String input) {
    this.input = input;
  }

  /** The tokens of {@code query}, ending with {@link Token.Kind#END}. */
  static List<Token> tokens(String query) {
    Lexer lexer = new Lexer(query);
    List<Token> out = new ArrayList<>();
    Token t;
    do {
      t = lexer.next();
      out.add(t);
    } while (t.kind() != Token.Kind.END);
    return out;
  }

  private Token next() {
    skipSpaceAndComments();
    if (pos >= input.length()) {
      return new Token(Token.Kind.END, "", pos);
    }
    int start = pos;
    char c = input.charAt(pos);
    switch (c) {
      case '(':
        pos++;
        return new Token(Token.Kind.LEFT_PAREN, "(", start);
      case ')':
        pos++;
        return new Token(Token.Kind.RIGHT_PAREN, ")", start);
      case '{':
        pos++;
        return new Token(Token.Kind.LEFT_BRACE, "{", start);
      case '}':
        pos++;
        return new Token(Token.Kind.RIGHT_BRACE, "}", start);
      case '[':
        pos++;
        return new Token(Token.Kind.LEFT_BRACKET, "[", start);
      case ']':
        pos++;
        return new Token(Token.Kind.RIGHT_BRACKET, "]", start);
      case ',':
        pos++;
        return new Token(Token.Kind.COMMA, ",", start);
      case ':':
        pos++;
        return new Token(Token.Kind.COLON, ":", start);
      case '"':
      case '\'':
      case '`':
        return string(c);
      default:
        break;
    }
    if (Character.isDigit(c)
        || (c == '.' && pos + 1 < input.length() && Character.isDigit(input.charAt(pos + 1)))) {
      return numberOrDuration();
    }
    if (Character.isLetter(c) || c == '_') {
      while (pos < input.length()
          && (Character.isLetterOrDigit(input.charAt(pos))
              || input.charAt(pos) == '_'
              || input.charAt(pos) == ':')) {
        pos++;
      }
      return new Token(Token.Kind.IDENTIFIER, input.substring(start, pos), start);
    }
    for (String op :
        new String[] {
          "==", "!=", "=~", "!~", ">=", "<=", "=", "<", ">", "+", "-", "*", "/", "%", "^", "@"
        }) {
      if (input.startsWith(op, pos)) {
        pos += op.length();
        return new Token(Token.Kind.OPERATOR, op, start);
      }
    }
    throw new PromQlException("unexpected character '" + c + "' at position " + start);
  }

  private void skipSpaceAndComments() {
    while (pos < input.length()) {
      char c = input.charAt(pos);
      if (Character.isWhitespace(c)) {
        pos++;
      } else if (c == '#') {
        while (pos < input.length() && input.charAt(pos) != '\n') {
          pos++;
        }
      } else {
        return;
      }
    }
  }

  private Token numberOrDuration() {
    int start = pos;
    if (input.startsWith("0x", pos) || input.startsWith("0X", pos)) {
      pos += 2;
      while (pos < input.length() && Character.digit(input.charAt(pos), 16) >= 0) {
        pos++;
      }
      return new Token(
          Token.Kind.NUMBER,
          Long.toString(Long.parseLong(input.substring(start + 2, pos), 16)),
          start);
    }
    while (pos < input.length()
        && (Character.isDigit(input.charAt(pos)) || input.charAt(pos) == '.')) {
      pos++;
    }
    if (pos < input.length()
        && (input.charAt(pos) == 'e' || input.charAt(pos) == 'E')
        && pos + 1 < input.length()
        && (Character.isDigit(input.charAt(pos + 1))
            || input.charAt(pos + 1) == '-'
            || input.charAt(pos + 1) == '+')) {
      pos += 2;
      while (pos < input.length() && Character.isDigit(input.charAt(pos))) {
        pos++;
      }
      return new Token(Token.Kind.NUMBER, input.substring(start, pos), start);
    }
    if (pos < input.length() && "smhdwy".indexOf(input.charAt(pos)) >= 0) {
      // a duration: one or more <number><unit> parts, e.g. 5m, 1h30m, 500ms
      while (pos < input.length() && (Character.isLetterOrDigit(input.charAt(pos)))) {
        pos++;
      }
      return new Token(Token.Kind.DURATION, input.substring(start, pos), start);
    }
    return new Token(Token.Kind.NUMBER, input.substring(start, pos), start);
  }

  private Token string(char quote) {
    int start = pos;
    pos++;
    StringBuilder out = new StringBuilder();
    while (pos < input.length()) {
      char c = input.charAt(pos);
      if (c == quote) {
        pos++;
        return new Token(Token.Kind.STRING, out.toString(), start);
      }
      if (c == '\\' && quote != '`' && pos + 1 < input.length()) {
        char e = input.charAt(pos + 1);
        pos += 2;
        switch (e) {
          case 'n':
            out.append('\n');
            break;
          case 't':
            out.append('\t');
            break;
          case 'r':
            out.append('\r');
            break;
          default:
            out.append(e);
        }
        continue;
      }
      out.append(c);
      pos++;
    }
    throw new PromQlException("unterminated string starting at position " + start);
  }
}
