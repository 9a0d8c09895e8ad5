package io.almanac.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * picocli set up the one way every Almanac program uses it: durations and sizes in the house
 * syntax, enum values in any case, unknown options refused with the usage (exit code 2), a failure
 * while running reported as one line {@code program: message} (exit code 1), {@code --help} and
 * {@code --version} handled before anything starts.
 */
public final class CommandLines {
  /** Exit code of a run that failed after its arguments were accepted. */
  public static final int FAILED = 1;

  /** Exit code of arguments that were refused (picocli's own). */
  public static final int USAGE = 2;

  private static final int LONG_OPTIONS_WIDTH = 28;

  private CommandLines() {}

  /** A command line for {@code command} with the house conventions. */
  public static CommandLine create(Object command) {
    CommandLine cli = new CommandLine(command);
    cli.registerConverter(Duration.class, CommandLines::duration);
    cli.registerConverter(ByteSize.class, CommandLines::size);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setUsageHelpLongOptionsMaxWidth(LONG_OPTIONS_WIDTH);
    cli.setParameterExceptionHandler(CommandLines::refuse);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine.getErr().println(commandLine.getCommandName() + ": " + messageOf(e));
          return FAILED;
        });
    return cli;
  }

  /** Parses {@code args}, runs {@code command} and returns its exit code. */
  public static int execute(Object command, String... args) {
    return create(command).execute(args);
  }

  /**
   * {@code text} as a server address (default port {@code defaultPort}); a bad one is refused as a
   * usage error of {@code option}.
   */
  public static ServerAddress address(
      CommandSpec spec, String option, String text, int defaultPort) {
    try {
      return ServerAddress.parse(text, defaultPort);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "Invalid value for option '" + option + "': " + e.getMessage());
    }
  }

  /**
   * Refuses bad arguments with the usage. An unknown option is named first, even when a required
   * one is missing too: a mistyped option name is the likelier cause.
   */
  private static int refuse(CommandLine.ParameterException e, String[] args) {
    CommandLine cli = e.getCommandLine();
    PrintWriter err = cli.getErr();
    List<String> unknown = cli.getUnmatchedArguments();
    if (!unknown.isEmpty() && !(e instanceof CommandLine.UnmatchedArgumentException)) {
      err.println(
          (unknown.size() == 1 ? "Unknown option: '" : "Unknown options: '")
              + String.join("', '", unknown)
              + "'");
    } else {
      err.println(e.getMessage());
    }
    if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, err)) {
      cli.usage(err);
    }
    return USAGE;
  }

  private static Duration duration(String text) {
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }

  private static ByteSize size(String text) {
    try {
      return new ByteSize(ByteSizes.parse(text));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }

  private static String messageOf(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isEmpty() ? e.toString() : message;
  }
}
