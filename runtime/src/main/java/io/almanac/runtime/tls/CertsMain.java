package io.almanac.runtime.tls;

import io.almanac.cli.CommandLines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code almanac certs}: a small CA for a cluster without one. {@code ca} makes the CA in a
 * directory; {@code server} and {@code client} issue certificates from it into the same directory,
 * as PEM files the collector, the sinks and {@code --ca} options read.
 */
@Command(
    name = "certs",
    mixinStandardHelpOptions = true,
    description = "Make a CA and issue server and client certificates from it (PEM, EC P-256).",
    subcommands = {CertsMain.Ca.class, CertsMain.Server.class, CertsMain.Client.class})
public final class CertsMain implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(spec.commandLine(), "say ca, server or client");
  }

  /** Entry point. */
  public static void main(String[] args) {
    System.exit(CommandLines.execute(new CertsMain(), args));
  }

  /** {@code certs ca}. */
  @Command(
      name = "ca",
      mixinStandardHelpOptions = true,
      description = "Make a CA: DIR/ca.pem, DIR/ca.key.")
  static final class Ca implements Callable<Integer> {
    @Option(names = "--dir", required = true, description = "Where the CA's files go.")
    Path dir;

    @Option(
        names = "--name",
        defaultValue = "Almanac CA",
        description = "Its common name (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(
        names = "--days",
        defaultValue = "3650",
        description = "Valid for this many days (default: ${DEFAULT-VALUE}).")
    int days;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      if (Files.exists(dir.resolve("ca.key"))) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), dir.resolve("ca.key") + " exists; a CA is made once");
      }
      CertificateAuthority ca = CertificateAuthority.create(name, Duration.ofDays(days));
      ca.write(dir.resolve("ca.pem"), dir.resolve("ca.key"));
      System.out.println(
          "Wrote "
              + dir.resolve("ca.pem")
              + " (give it to clients) and "
              + dir.resolve("ca.key")
              + " (mode 0600; keep it safe)");
      return 0;
    }
  }

  /** What issuing needs: the CA's directory, the name, the validity. */
  abstract static class Issue implements Callable<Integer> {
    @Option(
        names = "--dir",
        required = true,
        description = "The CA's directory; the files go there too.")
    Path dir;

    @Option(names = "--name", required = true, description = "The common name: the host name.")
    String name;

    @Option(
        names = "--days",
        defaultValue = "825",
        description = "Valid for this many days (default: ${DEFAULT-VALUE}).")
    int days;

    @Spec CommandSpec spec;

    abstract CertificateAuthority.Issued issue(CertificateAuthority ca);

    @Override
    public Integer call() throws IOException {
      if (!Files.exists(dir.resolve("ca.key"))) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "no CA in " + dir + ": make one with 'certs ca --dir " + dir + "'");
      }
      CertificateAuthority ca =
          CertificateAuthority.load(dir.resolve("ca.pem"), dir.resolve("ca.key"));
      Path pem = dir.resolve(name + ".pem");
      Path key = dir.resolve(name + ".key");
      issue(ca).write(pem, key);
      System.out.println("Wrote " + pem + " and " + key + " (mode 0600)");
      return 0;
    }
  }

  /** {@code certs server}. */
  @Command(
      name = "server",
      mixinStandardHelpOptions = true,
      description = "Issue a server certificate: DIR/NAME.pem, DIR/NAME.key.")
  static final class Server extends Issue {
    @Option(
        names = "--san",
        split = ",",
        description = "More names or IP addresses clients reach it by (the name is always one).")
    List<String> alternatives = new ArrayList<>();

    @Override
    CertificateAuthority.Issued issue(CertificateAuthority ca) {
      List<String> names = new ArrayList<>(List.of(name));
      alternatives.stream().map(String::strip).filter(s -> !names.contains(s)).forEach(names::add);
      return ca.issueServer(name, names, Duration.ofDays(days));
    }
  }

  /** {@code certs client}. */
  @Command(
      name = "client",
      mixinStandardHelpOptions = true,
      description = "Issue a client certificate: DIR/NAME.pem, DIR/NAME.key.")
  static final class Client extends Issue {
    @Override
    CertificateAuthority.Issued issue(CertificateAuthority ca) {
      return ca.issueClient(name, Duration.ofDays(days));
    }
  }
}
