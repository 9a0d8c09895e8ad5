package io.almanac.promql;

import io.almanac.promql.Expr.Aggregation;
import io.almanac.promql.Expr.Binary;
import io.almanac.promql.Expr.Call;
import io.almanac.promql.Expr.Cardinality;
import io.almanac.promql.Expr.MatrixSelector;
import io.almanac.promql.Expr.NumberLiteral;
import io.almanac.promql.Expr.StringLiteral;
import io.almanac.promql.Expr.Unary;
import io.almanac.promql.Expr.VectorMatching;
import io.almanac.promql.Expr.VectorSelector;
import io.almanac.promql.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A recursive-descent parser of the PromQL subset Almanac evaluates. Operator precedence, lowest
 * first: {@code or}; {@code and unless}; comparisons; {@code + -}; {@code * / % atan2}; unary
 * minus; {@code ^} (right-associative). Anything outside the subset is refused by name.
 */
public final class Parser {
  static final Set<String> AGGREGATIONS =
      Set.of(
          "sum",
          "avg",
          "min",
          "max",
          "count",
          "stddev",
          "stdvar",
          "topk",
          "bottomk",
          "quantile",
          "count_values",
          "group");
  private static final Set<String> PARAMETRIC =
      Set.of("topk", "bottomk", "quantile", "count_values");
  private static final Set<String> COMPARISONS = Set.of("==", "!=", ">", "<", ">=", "<=");
  private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|s|m|h|d|w|y)");

  private final List<Token> tokens;
  private int index;

  private Parser(String query) {
    this.tokens = Lexer.tokens(query);
  }

  /** The expression of {@code query}; throws {@link PromQlException} naming what is wrong. */
  public static Expr parse(String query) {
    if (query == null || query.isBlank()) {
      throw new PromQlException("empty query");
    }
    Parser p = new Parser(query);
    Expr e = p.orExpr();
    if (p.peek().kind() != Kind.END) {
      throw p.unexpected("end of the query");
    }
    return e;
  }

  /** Milliseconds of a PromQL duration such as {@code 5m}, {@code 1h30m}, {@code 500ms}. */
  public static long durationMs(String text) {
    Matcher m = DURATION_PART.matcher(text);
    long total = 0;
    int end = 0;
    while (m.find() && m.start() == end) {
      long n = Long.parseLong(m.group(1));
      total +=
          switch (m.group(2)) {
            case "ms" -> n;
            case "s" -> n * 1000;
            case "m" -> n * 60_000;
            case "h" -> n * 3_600_000;
            case "d" -> n * 86_400_000;
            case "w" -> n * 7 * 86_400_000;
            default -> n * 365 * 86_400_000;
          };
      end = m.end();
    }
    if (end != text.length() || end == 0) {
      throw new PromQlException("not a duration: \"" + text + "\"");
    }
    return total;
  }

  // ---- binary operators, by precedence ----

  private Expr orExpr() {
    Expr lhs = andExpr();
    while (peekKeyword("or")) {
      next();
      lhs = binary("or", lhs, this::andExpr);
    }
    return lhs;
  }

  private Expr andExpr() {
    Expr lhs = comparison();
    while (peekKeyword("and") || peekKeyword("unless")) {
      String op = next().text();
      lhs = binary(op, lhs, this::comparison);
    }
    return lhs;
  }

  private Expr comparison() {
    Expr lhs = additive();
    while (peek().kind() == Kind.OPERATOR && COMPARISONS.contains(peek().text())) {
      String op = next().text();
      lhs = binary(op, lhs, this::additive);
    }
    return lhs;
  }

  private Expr additive() {
    Expr lhs = multiplicative();
    while (peekOperator("+") || peekOperator("-")) {
      String op = next().text();
      lhs = binary(op, lhs, this::multiplicative);
    }
    return lhs;
  }

  private Expr multiplicative() {
    Expr lhs = unary();
    while (peekOperator("*") || peekOperator("/") || peekOperator("%") || peekKeyword("atan2")) {
      String op = next().text();
      lhs = binary(op, lhs, this::unary);
    }
    return lhs;
  }

  private Expr unary() {
    if (peekOperator("-") || peekOperator("+")) {
      String op = next().text();
      Expr e = unary();
      if (op.equals("+")) {
        return e;
      }
      return e instanceof NumberLiteral n ? new NumberLiteral(-n.value()) : new Unary("-", e);
    }
    return power();
  }

  private Expr power() {
    Expr base = postfix();
    if (peekOperator("^")) {
      next();
      return binary("^", base, this::unary);
    }
    return base;
  }

  /**
   * The modifiers after an operator ({@code bool}, {@code on}/{@code ignoring}, group), then the
   * right side.
   */
  private Expr binary(String op, Expr lhs, java.util.function.Supplier<Expr> rhs) {
    boolean returnBool = false;
    if (peekKeyword("bool")) {
      if (!COMPARISONS.contains(op)) {
        throw new PromQlException(
            "bool modifier can only be used on comparison operators, not " + op);
      }
      next();
      returnBool = true;
    }
    VectorMatching matching = VectorMatching.DEFAULT;
    if (peekKeyword("on") || peekKeyword("ignoring")) {
      boolean on = next().text().equals("on");
      List<String> labels = labelList();
      Cardinality card = Cardinality.ONE_TO_ONE;
      List<String> include = List.of();
      if (peekKeyword("group_left") || peekKeyword("group_right")) {
        card =
            next().text().equals("group_left") ? Cardinality.MANY_TO_ONE : Cardinality.ONE_TO_MANY;
        if (peek().kind() == Kind.LEFT_PAREN) {
          include = labelList();
        }
      }
      matching = new VectorMatching(card, labels, on, include);
    }
    Expr right = rhs.get();
    if (Set.of("and", "or", "unless").contains(op)
        && matching.cardinality() != Cardinality.ONE_TO_ONE) {
      throw new PromQlException("no grouping allowed for \"" + op + "\" operation");
    }
    return new Binary(op, lhs, right, returnBool, matching);
  }

  // ---- postfix: ranges and offsets ----

  private Expr postfix() {
    Expr e = primary();
    while (true) {
      if (peek().kind() == Kind.LEFT_BRACKET) {
        next();
        if (!(e instanceof VectorSelector selector)) {
          throw new PromQlException("ranges only allowed for vector selectors");
        }
        long range = durationOrSeconds();
        if (peek().kind() == Kind.COLON) {
          throw new PromQlException("subqueries are not supported");
        }
        expect(Kind.RIGHT_BRACKET, "]");
        if (range <= 0) {
          throw new PromQlException("range must be greater than 0, not [" + range + "ms]");
        }
        e = new MatrixSelector(selector, range);
      } else if (peekKeyword("offset")) {
        next();
        boolean negative = false;
        if (peekOperator("-")) {
          next();
          negative = true;
        }
        long offset = durationOrSeconds() * (negative ? -1 : 1);
        if (e instanceof VectorSelector v) {
          e = v.withOffset(offset);
        } else if (e instanceof MatrixSelector m) {
          e = new MatrixSelector(m.selector().withOffset(offset), m.rangeMs());
        } else {
          throw new PromQlException("offset modifier must be preceded by a selector");
        }
      } else if (peekOperator("@")) {
        throw new PromQlException("the @ modifier is not supported");
      } else {
        return e;
      }
    }
  }

  private long durationOrSeconds() {
    Token t = next();
    if (t.kind() == Kind.DURATION) {
      return durationMs(t.text());
    }
    if (t.kind() == Kind.NUMBER) {
      return (long) (Double.parseDouble(t.text()) * 1000);
    }
    throw unexpected(t, "a duration such as 5m");
  }

  // ---- primaries ----

  private Expr primary() {
    Token t = peek();
    switch (t.kind()) {
      case NUMBER:
        next();
        return new NumberLiteral(Double.parseDouble(t.text()));
      case STRING:
        next();
        return new StringLiteral(t.text());
      case LEFT_PAREN:
        next();
        Expr inner = orExpr();
        expect(Kind.RIGHT_PAREN, ")");
        return inner;
      case LEFT_BRACE:
        return selector(null);
      case IDENTIFIER:
        return identifier();
      default:
        throw unexpected("an expression");
    }
  }

  private Expr identifier() {
    Token t = next();
    String name = t.text();
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.equals("inf") || lower.equals("nan")) {
      return new NumberLiteral(lower.equals("inf") ? Double.POSITIVE_INFINITY : Double.NaN);
    }
    if (AGGREGATIONS.contains(name)
        && (peek().kind() == Kind.LEFT_PAREN || peekKeyword("by") || peekKeyword("without"))) {
      return aggregation(name);
    }
    if (peek().kind() == Kind.LEFT_PAREN) {
      if (!Functions.isSupported(name)) {
        throw new PromQlException("function \"" + name + "\" is not supported");
      }
      next();
      List<Expr> args = new ArrayList<>();
      if (peek().kind() != Kind.RIGHT_PAREN) {
        do {
          args.add(orExpr());
        } while (accept(Kind.COMMA));
      }
      expect(Kind.RIGHT_PAREN, ")");
      return new Call(name, args);
    }
    return selector(name);
  }

  private Expr aggregation(String op) {
    List<String> grouping = List.of();
    boolean without = false;
    boolean grouped = false;
    if (peekKeyword("by") || peekKeyword("without")) {
      without = next().text().equals("without");
      grouping = labelList();
      grouped = true;
    }
    expect(Kind.LEFT_PAREN, "(");
    Expr param = null;
    if (PARAMETRIC.contains(op)) {
      param = orExpr();
      expect(Kind.COMMA, ",");
    }
    Expr expr = orExpr();
    expect(Kind.RIGHT_PAREN, ")");
    if (!grouped && (peekKeyword("by") || peekKeyword("without"))) {
      without = next().text().equals("without");
      grouping = labelList();
    }
    return new Aggregation(op, param, expr, grouping, without);
  }

  /**
   * {@code name{matchers}}, {@code name} or {@code {matchers}}; a bare string in braces is the
   * name.
   */
  private Expr selector(String name) {
    List<LabelMatcher> matchers = new ArrayList<>();
    if (name != null) {
      matchers.add(LabelMatcher.of("__name__", LabelMatcher.Type.EQUAL, name));
    }
    if (accept(Kind.LEFT_BRACE)) {
      while (peek().kind() != Kind.RIGHT_BRACE) {
        Token label = next();
        if (label.kind() == Kind.STRING
            && (peek().kind() == Kind.COMMA || peek().kind() == Kind.RIGHT_BRACE)) {
          if (name != null) {
            throw new PromQlException(
                "metric name must not be set twice: \"" + name + "\" and \"" + label.text() + "\"");
          }
          name = label.text();
          matchers.add(LabelMatcher.of("__name__", LabelMatcher.Type.EQUAL, name));
        } else {
          if (label.kind() != Kind.IDENTIFIER && label.kind() != Kind.STRING) {
            throw unexpected(label, "a label name");
          }
          Token op = next();
          LabelMatcher.Type type = matcherType(op);
          Token value = next();
          if (value.kind() != Kind.STRING) {
            throw unexpected(value, "a quoted label value");
          }
          matchers.add(LabelMatcher.of(label.text(), type, value.text()));
        }
        if (!accept(Kind.COMMA)) {
          break;
        }
      }
      expect(Kind.RIGHT_BRACE, "}");
    }
    if (matchers.stream().allMatch(LabelMatcher::matchesEmpty)) {
      throw new PromQlException("vector selector must contain at least one non-empty matcher");
    }
    return new VectorSelector(matchers, 0);
  }

  private LabelMatcher.Type matcherType(Token op) {
    if (op.kind() == Kind.OPERATOR) {
      switch (op.text()) {
        case "=":
          return LabelMatcher.Type.EQUAL;
        case "!=":
          return LabelMatcher.Type.NOT_EQUAL;
        case "=~":
          return LabelMatcher.Type.REGEX;
        case "!~":
          return LabelMatcher.Type.NOT_REGEX;
        default:
          break;
      }
    }
    throw unexpected(op, "=, !=, =~ or !~");
  }

  private List<String> labelList() {
    expect(Kind.LEFT_PAREN, "(");
    List<String> labels = new ArrayList<>();
    while (peek().kind() != Kind.RIGHT_PAREN) {
      Token t = next();
      if (t.kind() != Kind.IDENTIFIER && t.kind() != Kind.STRING) {
        throw unexpected(t, "a label name");
      }
      labels.add(t.text());
      if (!accept(Kind.COMMA)) {
        break;
      }
    }
    expect(Kind.RIGHT_PAREN, ")");
    return labels;
  }

  // ---- token helpers ----

  private Token peek() {
    return tokens.get(index);
  }

  private Token next() {
    Token t = tokens.get(index);
    if (t.kind() != Kind.END) {
      index++;
    }
    return t;
  }

  private boolean accept(Kind kind) {
    if (peek().kind() == kind) {
      next();
      return true;
    }
    return false;
  }

  private void expect(Kind kind, String what) {
    if (!accept(kind)) {
      throw unexpected("\"" + what + "\"");
    }
  }

  private boolean peekOperator(String op) {
    return peek().is(Kind.OPERATOR, op);
  }

  private boolean peekKeyword(String word) {
    return peek().kind() == Kind.IDENTIFIER && peek().text().equalsIgnoreCase(word);
  }

  private PromQlException unexpected(String expected) {
    return unexpected(peek(), expected);
  }

  private static PromQlException unexpected(Token t, String expected) {
    String found = t.kind() == Kind.END ? "end of input" : "\"" + t.text() + "\"";
    return new PromQlException(
        "parse error at position "
            + (t.position() + 1)
            + ": unexpected "
            + found
            + ", expected "
            + expected);
  }
}
