package org.carelake.app.cli;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.carelake.app.pipeline.Hl7Ingestion;
import org.carelake.app.services.Services;
import org.carelake.config.CarelakeConfig;
import org.carelake.core.Errors;
import org.carelake.lake.Lake;
import org.carelake.lake.run.RunRecord;
import org.carelake.synth.GeneratorSettings;
import org.carelake.synth.Hl7MessageGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code carelake hl7}: HL7 v2 messages in batch files. */
@Command(
    name = "hl7",
    mixinStandardHelpOptions = true,
    description = "HL7 v2 messages: ingest batch files from the raw inbox, or generate them.",
    subcommands = {Hl7Command.Ingest.class, Hl7Command.Generate.class})
public final class Hl7Command implements Runnable {
  @picocli.CommandLine.Spec private picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** {@code carelake hl7 ingest}. */
  @Command(
      name = "ingest",
      mixinStandardHelpOptions = true,
      description = {
        "Ingest the .hl7 files of the inbox (<lake>/raw/inbox/hl7 unless --inbox is given): land"
            + " each in the raw zone with a manifest and remove it from the inbox, append its"
            + " messages to bronze/hl7_messages, map ADT^A01/A03/A04/A08, SIU^S12/S14/S15 and"
            + " ORU^R01 into silver (patients, encounters, diagnoses, appointments, lab_results),"
            + " quarantine the messages that do not map, with the located reasons, then map"
            + " silver to FHIR, report data quality, rebuild gold and publish it, as 'carelake"
            + " run' does. A run that failed is resumed by the next one, so files it landed reach"
            + " bronze.",
        "A file may hold one message or several, MLLP-framed or one after another, with CR, LF"
            + " or CRLF between segments."
      })
  static final class Ingest implements Callable<Integer> {
    @Mixin private ConfigOptions configOptions;

    @Option(
        names = "--inbox",
        paramLabel = "DIR",
        description = "Folder (path or URI) to take the .hl7 files from.")
    private String inbox;

    @Override
    public Integer call() {
      CarelakeConfig config = configOptions.load();
      Progress progress = Progress.toStandardOutput();
      try (Services services = Services.start(config, EnumSet.of(Services.Role.PUBLISH))) {
        long started = System.nanoTime();
        RunRecord run =
            new Hl7Ingestion(Lake.open(config), services::publish, new ProgressListener(progress))
                .run(Optional.ofNullable(inbox));
        RunSummary.print(
            progress, run, (System.nanoTime() - started) / 1e9, config.publishSchema());
        return 0;
      }
    }
  }

  /** {@code carelake hl7 generate}. */
  @Command(
      name = "generate",
      mixinStandardHelpOptions = true,
      description = {
        "Write HL7 v2.5.1 messages about the generated EHR's patients (the same MRNs, keys,"
            + " practitioners, facilities and codes as 'carelake demo' or 'carelake source"
            + " generate' load for the same --patients and --seed) into batch files of up to 500"
            + " messages."
      })
  static final class Generate implements Callable<Integer> {
    @Option(
        names = "--messages",
        defaultValue = "1000",
        description = "How many messages (default: ${DEFAULT-VALUE}).")
    private int messages;

    @Option(
        names = "--types",
        split = ",",
        defaultValue = "ADT,SIU,ORU",
        description = "Message families, of ADT, SIU, ORU (default: ${DEFAULT-VALUE}).")
    private List<String> types;

    @Option(
        names = "--output",
        required = true,
        paramLabel = "DIR",
        description = "Folder to write the .hl7 files to.")
    private Path output;

    @Option(
        names = "--seed",
        defaultValue = "42",
        description = "Seed of the generated EHR (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(
        names = "--patients",
        defaultValue = "500",
        description = "Patients of the generated EHR (default: ${DEFAULT-VALUE}, as 'demo').")
    private int patients;

    @Override
    public Integer call() {
      SyntheticEhr.require("hl7 generate");
      Set<Hl7MessageGenerator.Family> families = families(types);
      if (messages < 1) {
        throw Errors.tooFewMessages(messages, 1000);
      }
      Progress progress = Progress.toStandardOutput();
      Progress.Step step = progress.start("generate HL7 messages");
      Hl7MessageGenerator.Summary summary =
          new Hl7MessageGenerator(new GeneratorSettings(patients, seed, 0.0))
              .write(messages, families, output);
      step.done(
          Progress.count(summary.messages())
              + " messages in "
              + summary.files()
              + " files from "
              + Progress.count(summary.patients())
              + " patients");
      progress.line("by type: " + summary.byType());
      if (summary.messages() < messages) {
        progress.line(
            "the "
                + patients
                + " patients' charts hold only "
                + summary.messages()
                + " such messages; raise --patients for more");
      }
      return 0;
    }
  }

  static Set<Hl7MessageGenerator.Family> families(List<String> types) {
    Set<Hl7MessageGenerator.Family> families = EnumSet.noneOf(Hl7MessageGenerator.Family.class);
    for (String type : types) {
      try {
        families.add(Hl7MessageGenerator.Family.valueOf(type.trim().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw Errors.unknownMessageFamily(type);
      }
    }
    return families;
  }
}
