package io.almanac.promql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.almanac.promql.Expr.Aggregation;
import io.almanac.promql.Expr.Binary;
import io.almanac.promql.Expr.Call;
import io.almanac.promql.Expr.MatrixSelector;
import io.almanac.promql.Expr.VectorSelector;
import org.junit.jupiter.api.Test;

class ParserTest {
  private static LabelMatcher eq(String name, String value) {
    return LabelMatcher.of(name, LabelMatcher.Type.EQUAL, value);
  }

  @Test
  void dottedNamesInTheirTwoSelectorForms() {
    VectorSelector byLabel =
        (VectorSelector) Parser.parse("{__name__=\"dfs.FSNamesystem.CapacityUsed\"}");
    VectorSelector quoted =
        (VectorSelector) Parser.parse("{\"dfs.FSNamesystem.CapacityUsed\", hostname=\"nn1\"}");
    assertThat(byLabel.matchers()).containsExactly(eq("__name__", "dfs.FSNamesystem.CapacityUsed"));
    assertThat(quoted.matchers())
        .containsExactly(eq("__name__", "dfs.FSNamesystem.CapacityUsed"), eq("hostname", "nn1"));
  }

  @Test
  void matchersRangesAndOffsets() {
    MatrixSelector m =
        (MatrixSelector)
            Parser.parse("bytes_in{hostname=~\"dn.*\",appid!=\"HOST\"}[1h30m] offset 5m");
    assertThat(m.rangeMs()).isEqualTo(90 * 60_000);
    assertThat(m.selector().offsetMs()).isEqualTo(300_000);
    assertThat(m.selector().matchers()).hasSize(3);
    assertThat(m.selector().matchers().get(1).matches("dn7")).isTrue();
    assertThat(m.selector().matchers().get(1).matches("xdn7")).isFalse();
  }

  @Test
  void precedenceAndAssociativity() {
    Binary sum = (Binary) Parser.parse("a + b * c");
    assertThat(sum.op()).isEqualTo("+");
    assertThat(((Binary) sum.rhs()).op()).isEqualTo("*");
    Binary minus = (Binary) Parser.parse("a - b - c");
    assertThat(((Binary) minus.lhs()).op()).isEqualTo("-");
    Binary power = (Binary) Parser.parse("a ^ b ^ c");
    assertThat(((Binary) power.rhs()).op()).isEqualTo("^");
    Binary or = (Binary) Parser.parse("a > 1 and b or c");
    assertThat(or.op()).isEqualTo("or");
    assertThat(((Binary) or.lhs()).op()).isEqualTo("and");
  }

  @Test
  void aggregationsWithGroupingBeforeOrAfterAndMatchingModifiers() {
    Aggregation before = (Aggregation) Parser.parse("topk by (hostname) (3, cpu_user)");
    Aggregation after = (Aggregation) Parser.parse("topk(3, cpu_user) by (hostname)");
    assertThat(before).isEqualTo(after);
    assertThat(before.grouping()).containsExactly("hostname");
    Binary b = (Binary) Parser.parse("a / on(hostname) group_left(rack) b");
    assertThat(b.matching().on()).isTrue();
    assertThat(b.matching().cardinality()).isEqualTo(Expr.Cardinality.MANY_TO_ONE);
    assertThat(b.matching().include()).containsExactly("rack");
    assertThat(((Binary) Parser.parse("a > bool 3")).returnBool()).isTrue();
    assertThat(((Call) Parser.parse("rate(x[5m])")).args().get(0))
        .isInstanceOf(MatrixSelector.class);
  }

  @Test
  void badQueriesSayWhatIsWrong() {
    assertThatThrownBy(() -> Parser.parse("sum(")).hasMessageContaining("unexpected end of input");
    assertThatThrownBy(() -> Parser.parse("holt_winters(x[5m], 0.1, 0.1)"))
        .hasMessageContaining("function \"holt_winters\" is not supported");
    assertThatThrownBy(() -> Parser.parse("rate(x[5m:1m])")).hasMessageContaining("subqueries");
    assertThatThrownBy(() -> Parser.parse("rate(x[0s])")).hasMessageContaining("greater than 0");
    assertThatThrownBy(() -> Parser.parse("{hostname=\"\"}"))
        .hasMessageContaining("non-empty matcher");
    assertThatThrownBy(() -> Parser.parse("x{a=~\"(\"}"))
        .hasMessageContaining("invalid regular expression");
    assertThatThrownBy(() -> Parser.parse("a b")).hasMessageContaining("position 3");
  }
}
