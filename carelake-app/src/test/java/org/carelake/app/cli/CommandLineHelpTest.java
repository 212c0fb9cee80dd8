package org.carelake.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IllegalFormatException;
import java.util.List;
import java.util.Locale;
import java.util.function.IntSupplier;
import org.carelake.app.CarelakeCli;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/** The help of every command renders cleanly, and an unknown subcommand is a usage error. */
class CommandLineHelpTest {
  private record Outcome(int code, String out, String err) {}

  private static Outcome run(IntSupplier action) {
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = action.getAsInt();
      return new Outcome(
          code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }
  }

  private static List<CommandLine> everyCommand(CommandLine line) {
    List<CommandLine> all = new ArrayList<>();
    all.add(line);
    for (CommandLine sub : line.getSubcommands().values()) {
      all.addAll(everyCommand(sub));
    }
    return all;
  }

  /** The texts picocli passes through String.format when it renders a command's help. */
  private static List<String> formattedTexts(CommandSpec spec) {
    List<String> texts = new ArrayList<>();
    texts.addAll(List.of(spec.usageMessage().description()));
    texts.addAll(List.of(spec.usageMessage().header()));
    texts.addAll(List.of(spec.usageMessage().footer()));
    texts.addAll(List.of(spec.usageMessage().customSynopsis()));
    for (ArgSpec arg : spec.args()) {
      texts.addAll(List.of(arg.description()));
    }
    return texts;
  }

  @Test
  void everyCommandsHelpRendersWithoutAPicocliWarningOrAnUnescapedPercentSign() {
    List<CommandLine> commands = everyCommand(new CommandLine(new CarelakeCli()));
    List<String> problems = new ArrayList<>();

    for (CommandLine command : commands) {
      String name = command.getCommandSpec().qualifiedName();
      for (String text : formattedTexts(command.getCommandSpec())) {
        try {
          String.format(Locale.ROOT, text);
        } catch (IllegalFormatException e) {
          problems.add(name + ": " + e + " in \"" + text + "\"");
        }
      }
      StringWriter help = new StringWriter();
      Outcome rendered =
          run(
              () -> {
                command.usage(new PrintWriter(help, true));
                return 0;
              });
      if (!rendered.err().isEmpty()) {
        problems.add(name + ": " + rendered.err());
      }
      assertThat(help.toString()).as(name).contains("Usage: " + name);
    }

    assertThat(commands).hasSizeGreaterThan(20);
    assertThat(problems).isEmpty();
  }

  @Test
  void benchIngestsHelpShowsItsPercentSign() {
    Outcome outcome = run(() -> CarelakeCli.execute("bench", "ingest", "--help"));

    assertThat(outcome.code()).isZero();
    assertThat(outcome.out().replace(System.lineSeparator(), " "))
        .contains("an incremental run after 1% churn.");
    assertThat(outcome.err()).doesNotContain("picocli WARN");
  }

  @Test
  void anUnknownSubcommandWithHelpIsAUsageErrorThatListsTheKnownOnes() {
    Outcome outcome = run(() -> CarelakeCli.execute("bench", "pipeline", "--help"));

    assertThat(outcome.code()).isEqualTo(CarelakeCli.EXIT_USAGE);
    assertThat(outcome.err())
        .contains(
            "Unknown subcommand 'pipeline' of 'carelake bench'. Known subcommands: fhir, generate,"
                + " hl7, hl7-ingest, ingest, silver, stream. Run 'carelake bench --help' to see what each does.");
    assertThat(outcome.out()).doesNotContain("Usage:");
  }

  @Test
  void anUnknownSubcommandWithoutHelpGetsTheSameError() {
    Outcome outcome = run(() -> CarelakeCli.execute("bench", "pipeline"));

    assertThat(outcome.code()).isEqualTo(CarelakeCli.EXIT_USAGE);
    assertThat(outcome.err()).contains("Unknown subcommand 'pipeline' of 'carelake bench'.");
  }

  @Test
  void anUnknownTopLevelCommandIsAUsageErrorToo() {
    Outcome outcome = run(() -> CarelakeCli.execute("frobnicate", "--help"));

    assertThat(outcome.code()).isEqualTo(CarelakeCli.EXIT_USAGE);
    assertThat(outcome.err())
        .contains(
            "Unknown subcommand 'frobnicate' of 'carelake'. Known subcommands: audit, bench,");
  }
}
