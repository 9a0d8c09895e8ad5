package io.almanac.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

class CommandLinesTest {
  @Command(name = "probe", mixinStandardHelpOptions = true)
  static final class Probe implements Callable<Integer> {
    @Option(names = "--interval", defaultValue = "10")
    Duration interval;

    @Option(names = "--limit", defaultValue = "1KB")
    ByteSize limit;

    @Option(names = "--fail")
    boolean fail;

    boolean ran;

    @Override
    public Integer call() {
      if (fail) {
        throw new IllegalStateException("the disk is full");
      }
      ran = true;
      return 0;
    }
  }

  private final StringWriter err = new StringWriter();
  private final StringWriter out = new StringWriter();

  private int run(Probe probe, String... args) {
    CommandLine cli = CommandLines.create(probe);
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(out, true));
    return cli.execute(args);
  }

  @Test
  void readsDurationsAndSizesInTheHouseSyntax() {
    Probe probe = new Probe();
    assertThat(run(probe, "--interval", "2s", "--limit", "64KB")).isZero();
    assertThat(probe.interval).isEqualTo(Duration.ofSeconds(2));
    assertThat(probe.limit.bytes()).isEqualTo(65_536);

    Probe defaults = new Probe();
    assertThat(run(defaults)).isZero();
    assertThat(defaults.interval).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void refusesUnknownOptionsWithTheUsageAndRunsNothing() {
    Probe probe = new Probe();
    assertThat(run(probe, "--no-such-option")).isEqualTo(CommandLines.USAGE);
    assertThat(probe.ran).isFalse();
    assertThat(err.toString())
        .contains("Unknown option: '--no-such-option'")
        .contains("Usage: probe");
  }

  @Test
  void namesAnUnknownOptionBeforeAMissingRequiredOne() {
    @Command(name = "strict")
    final class Strict implements Callable<Integer> {
      @Option(names = "--target", required = true)
      String target;

      @Override
      public Integer call() {
        return 0;
      }
    }
    CommandLine cli = CommandLines.create(new Strict());
    cli.setErr(new PrintWriter(err, true));
    assertThat(cli.execute("--no-such-option")).isEqualTo(CommandLines.USAGE);
    assertThat(err.toString())
        .startsWith("Unknown option: '--no-such-option'")
        .contains("Usage: strict");
  }

  @Test
  void refusesABadDurationNamingTheOption() {
    Probe probe = new Probe();
    assertThat(run(probe, "--interval", "soon")).isEqualTo(CommandLines.USAGE);
    assertThat(err.toString()).contains("--interval").contains("'soon' is not a duration");
  }

  @Test
  void helpRunsNothing() {
    Probe probe = new Probe();
    assertThat(run(probe, "--help")).isZero();
    assertThat(probe.ran).isFalse();
    assertThat(out.toString()).contains("--interval");
  }

  @Test
  void aFailureIsOneLineAndExitCodeOne() {
    assertThat(run(new Probe(), "--fail")).isEqualTo(CommandLines.FAILED);
    assertThat(err.toString().trim()).isEqualTo("probe: the disk is full");
  }
}
