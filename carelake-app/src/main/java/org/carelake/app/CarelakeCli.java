package org.carelake.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.carelake.app.cli.AuditCommand;
import org.carelake.app.cli.BenchCommand;
import org.carelake.app.cli.ConfigCommand;
import org.carelake.app.cli.DemoCommand;
import org.carelake.app.cli.DqCommand;
import org.carelake.app.cli.EventsCommand;
import org.carelake.app.cli.FhirCommand;
import org.carelake.app.cli.Hl7Command;
import org.carelake.app.cli.ListenCommand;
import org.carelake.app.cli.PipelineCommand;
import org.carelake.app.cli.PrivacyCommand;
import org.carelake.app.cli.QuarantineCommand;
import org.carelake.app.cli.ReplayCommand;
import org.carelake.app.cli.RunCommand;
import org.carelake.app.cli.RunsCommand;
import org.carelake.app.cli.ServicesCommand;
import org.carelake.app.cli.SourceCommand;
import org.carelake.app.cli.StatusCommand;
import org.carelake.app.cli.StreamCommand;
import org.carelake.app.cli.TerminologyCommand;
import org.carelake.core.CarelakeException;
import org.carelake.core.ConfigException;
import org.carelake.core.Errors;
import org.carelake.core.ValueFreeMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code carelake} command line. */
@Command(
    name = "carelake",
    mixinStandardHelpOptions = true,
    versionProvider = CarelakeCli.Version.class,
    description = {
      "carelake moves EHR data and clinical events into analytics-ready, standards-conformant,"
          + " privacy-safe Delta Lake tables, and publishes them to SQL.",
      "",
      "Start with 'carelake demo': it runs the whole pipeline on embedded services."
    },
    subcommands = {
      DemoCommand.class,
      RunCommand.class,
      StatusCommand.class,
      RunsCommand.class,
      PipelineCommand.class,
      ReplayCommand.class,
      QuarantineCommand.class,
      AuditCommand.class,
      PrivacyCommand.class,
      DqCommand.class,
      ServicesCommand.class,
      SourceCommand.class,
      Hl7Command.class,
      ListenCommand.class,
      EventsCommand.class,
      StreamCommand.class,
      TerminologyCommand.class,
      FhirCommand.class,
      BenchCommand.class,
      ConfigCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 success, 1 the work failed, 2 bad usage or configuration.",
      "Every command takes --help."
    })
public final class CarelakeCli implements Runnable {
  /** Exit code for a failure of the work itself. */
  public static final int EXIT_FAILED = 1;

  /** Exit code for bad usage or configuration. */
  public static final int EXIT_USAGE = 2;

  private static final Logger LOG = LoggerFactory.getLogger(CarelakeCli.class);

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns its exit code, for tests and embedding. */
  public static int execute(String... args) {
    CommandLine commandLine = new CommandLine(new CarelakeCli());
    commandLine.setExecutionExceptionHandler(
        (exception, line, parseResult) -> {
          if (exception instanceof ConfigException) {
            line.getErr().println(exception.getMessage());
            return EXIT_USAGE;
          }
          // Messages of other libraries may quote records (Spark's malformed-record error
          // does): the console and the log get them without values.
          LOG.error("event=command.failed", ValueFreeMessages.loggable(exception));
          if (exception instanceof CarelakeException) {
            line.getErr().println("carelake: " + exception.getMessage());
          } else {
            line.getErr()
                .println(
                    "carelake: the command failed unexpectedly: "
                        + ValueFreeMessages.of(exception)
                        + ". The log file has the stack trace (values withheld); please report"
                        + " it with the command that failed.");
          }
          return EXIT_FAILED;
        });
    CommandLine.IParameterExceptionHandler usageErrors = commandLine.getParameterExceptionHandler();
    commandLine.setParameterExceptionHandler(
        (exception, arguments) -> {
          Optional<String> unknown = unknownSubcommand(exception.getCommandLine(), exception);
          if (unknown.isPresent()) {
            exception.getCommandLine().getErr().println(unknown.get());
            return EXIT_USAGE;
          }
          return usageErrors.handleParseException(exception, arguments);
        });
    // picocli lets unmatched words through when --help is given, and prints the help of the
    // command before them: 'carelake bench pipeline --help' would show bench's help and succeed.
    commandLine.setExecutionStrategy(
        parseResult -> {
          CommandLine.ParseResult last = parseResult;
          while (last.hasSubcommand()) {
            last = last.subcommand();
          }
          CommandLine line = last.commandSpec().commandLine();
          Optional<String> unknown = unknownSubcommand(line, last.unmatched());
          if (unknown.isPresent()) {
            line.getErr().println(unknown.get());
            return EXIT_USAGE;
          }
          return new CommandLine.RunLast().execute(parseResult);
        });
    return commandLine.execute(args);
  }

  private static Optional<String> unknownSubcommand(
      CommandLine line, CommandLine.ParameterException exception) {
    if (exception instanceof CommandLine.UnmatchedArgumentException unmatched) {
      return unknownSubcommand(line, unmatched.getUnmatched());
    }
    return Optional.empty();
  }

  /** The error for a command with subcommands followed by a word that names none of them. */
  private static Optional<String> unknownSubcommand(CommandLine line, List<String> unmatched) {
    if (line.getSubcommands().isEmpty() || unmatched.isEmpty()) {
      return Optional.empty();
    }
    String given = unmatched.get(0);
    if (given.startsWith("-")) {
      return Optional.empty();
    }
    return Optional.of(
        Errors.unknownSubcommand(
            line.getCommandSpec().qualifiedName(),
            given,
            new ArrayList<>(new TreeSet<>(line.getSubcommands().keySet()))));
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Reports the version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = CarelakeCli.class.getPackage().getImplementationVersion();
      return new String[] {
        "carelake " + (version == null ? "(development build)" : version),
        "Java " + System.getProperty("java.runtime.version")
      };
    }
  }
}
