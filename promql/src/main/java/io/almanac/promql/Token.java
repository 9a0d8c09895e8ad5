package io.almanac.promql;

/**
 * One lexical token.
 *
 * @param kind what it is
 * @param text its text (a string's value without quotes)
 * @param position where it starts in the query, from 0
 */
record Token(Kind kind, String text, int position) {
  /** The kinds of token. */
  enum Kind {
    IDENTIFIER,
    NUMBER,
    DURATION,
    STRING,
    LEFT_PAREN,
    RIGHT_PAREN,
    LEFT_BRACE,
    RIGHT_BRACE,
    LEFT_BRACKET,
    RIGHT_BRACKET,
    COMMA,
    OPERATOR,
    COLON,
    END
  }

  boolean is(Kind k, String t) {
    return kind == k && text.equals(t);
  }
}
