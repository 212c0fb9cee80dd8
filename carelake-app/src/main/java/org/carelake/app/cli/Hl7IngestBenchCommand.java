package org.carelake.app.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.carelake.app.bench.Hl7IngestBenchmark;
import org.carelake.bench.BenchmarkReport;
import org.carelake.config.CarelakeConfig;
import org.carelake.config.ConfigKeys;
import org.carelake.core.Errors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code carelake bench hl7-ingest}: HL7 files from an inbox to silver, in messages per second. */
@Command(
    name = "hl7-ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Measure HL7 ingestion end to end: generate N messages into an inbox, run the HL7 steps"
          + " raw -> bronze -> silver -> reconcile, and report messages/s against the floor"
          + " measured in the same run (HAPI PipeParser's bare parse of the same messages, one"
          + " thread). Goal: at least 500 messages/s.",
      "The timed run comes after two warm-up ingestions of 50 messages, as a running service's"
          + " session is warm: the first creates the silver tables, the second merges into them."
          + " The report gives their times too.",
      "Uses a lake under <data-dir>/bench/ of its own, so your data is left alone."
    },
    footer = {"", "Exit code 1 when the goal is not met."})
final class Hl7IngestBenchCommand implements Callable<Integer> {
  @Mixin private ConfigOptions configOptions;

  @Option(
      names = "--messages",
      defaultValue = "10000",
      description = "Messages to generate and ingest (default: ${DEFAULT-VALUE}).")
  private int messages;

  @Option(names = "--output", paramLabel = "FILE", description = "Also write the JSON report.")
  private Path output;

  @Override
  public Integer call() {
    SyntheticEhr.require("bench hl7-ingest");
    if (messages < 1) {
      throw Errors.tooFewMessages(messages, 10000);
    }
    CarelakeConfig base = configOptions.load();
    Path lake = base.dataDir().resolve("bench/hl7-ingest-lake");
    CarelakeConfig config =
        configOptions.load(
            Map.of(
                ConfigKeys.DATA_DIR.name(), base.dataDir().toString(),
                ConfigKeys.LAKE_URI.name(), lake.toUri().toString()));
    Progress progress = Progress.toStandardOutput();
    BenchmarkReport report = new Hl7IngestBenchmark(config, progress).run(messages);
    progress.line("");
    progress.line(report.summary());
    if (output != null) {
      report.write(output);
      progress.line("report written to " + output.toAbsolutePath());
    }
    double rate =
        ((Number) report.scenarios().get(0).metrics().get("messages_per_second")).doubleValue();
    boolean met = rate >= Hl7IngestBenchmark.RATE_GOAL;
    progress.line(
        String.format(
            Locale.ROOT,
            "goal %s: %.0f messages/s (at least %.0f)",
            met ? "met" : "NOT met",
            rate,
            Hl7IngestBenchmark.RATE_GOAL));
    return met ? 0 : 1;
  }
}
