package io.almanac.alerting.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateTest {
  private static String render(String template, double value) {
    return Template.parse(template).render(Map.of("hostname", "nn1", "appid", "namenode"), value);
  }

  @Test
  void labelsAndValuesInBothSpellings() {
    assertThat(render("{{ $labels.hostname }} at {{ $value }}", 0.5)).isEqualTo("nn1 at 0.5");
    assertThat(render("{{ .Labels.appid }}/{{ .Value }}", 3)).isEqualTo("namenode/3");
    assertThat(render("{{ $labels.missing }}!", 3)).isEqualTo("!");
    // Go prints a float64 in exponent form from 1e6 and below 1e-4
    assertThat(render("{{ $value }}", 1234567)).isEqualTo("1.234567e+06");
    assertThat(render("{{ $value }}", 123456)).isEqualTo("123456");
    assertThat(render("{{ $value }}", 0.00001)).isEqualTo("1e-05");
  }

  @Test
  void humanizeFunctionsAsPrometheusWritesThem() {
    assertThat(render("{{ humanize $value }}", 1234567)).isEqualTo("1.235M");
    assertThat(render("{{ $value | humanize }}", 0.0012)).isEqualTo("1.2m");
    assertThat(render("{{ humanize $value }}", 12)).isEqualTo("12");
    assertThat(render("{{ humanize1024 $value }}", 2048)).isEqualTo("2ki");
    assertThat(render("{{ humanizePercentage $value }}", 0.1234)).isEqualTo("12.34%");
    assertThat(render("{{ humanizeDuration $value }}", 93784)).isEqualTo("1d 2h 3m 4s");
    assertThat(render("{{ humanizeDuration $value }}", 0.0125)).isEqualTo("12.5ms");
    assertThat(render("{{ printf \"%.2f\" $value }}", 3.14159)).isEqualTo("3.14");
    assertThat(render("{{ printf \"%s is %d%%\" $labels.hostname $value }}", 97.6))
        .isEqualTo("nn1 is 97%");
    assertThat(render("{{ $labels.hostname | toUpper }}", 0)).isEqualTo("NN1");
  }

  @Test
  void trimsAndPlainText() {
    assertThat(render("a  {{- $labels.hostname -}}  b", 0)).isEqualTo("ann1b");
    assertThat(render("no actions", 0)).isEqualTo("no actions");
  }

  @Test
  void whatIsNotSupportedIsRefusedWhenParsed() {
    assertThatThrownBy(() -> Template.parse("{{ if gt $value 1.0 }}high{{ end }}"))
        .hasMessageContaining("\"if\" is not supported");
    assertThatThrownBy(() -> Template.parse("{{ $value")).hasMessageContaining("unclosed");
    assertThatThrownBy(() -> Template.parse("{{ query \"up\" }}"))
        .hasMessageContaining("function \"query\" is not supported");
  }
}
