package org.carelake.app.bench;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.parser.PipeParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.metrics.source.CodegenMetrics;
import org.carelake.app.cli.Progress;
import org.carelake.app.cli.ProgressListener;
import org.carelake.app.pipeline.Hl7Ingestion;
import org.carelake.bench.BenchmarkReport;
import org.carelake.config.CarelakeConfig;
import org.carelake.core.Errors;
import org.carelake.hl7.Hl7Charsets;
import org.carelake.hl7.Hl7Framing;
import org.carelake.hl7.Hl7Reader;
import org.carelake.lake.Lake;
import org.carelake.lake.pipeline.PipelineScope;
import org.carelake.lake.run.RunRecord;
import org.carelake.synth.GeneratorSettings;
import org.carelake.synth.Hl7MessageGenerator;

/**
 * The HL7 ingestion benchmark: N generated messages dropped in an inbox, then the HL7 steps raw ->
 * bronze -> silver -> reconcile run by the executor, timed end to end, in a warm session as a
 * long-running service has: two warm-up ingestions of a few messages come first, the first creating
 * the silver tables, the second merging into them (the same patients, other messages), so that the
 * timed run plans statements the session has planned before. Floor, measured in the same run on the
 * same files: HAPI's bare {@link PipeParser} parse of every message, on one thread. The report also
 * counts the classes Spark's code generation compiled during the timed run: after the warm-up,
 * every one is a plan the session could not reuse.
 *
 * <p>Side effects: deletes and rebuilds the lake named in the configuration (the command points it
 * at a folder of its own) and its inbox.
 */
public final class Hl7IngestBenchmark {
  /** Goal: at least this many messages per second end to end. */
  public static final double RATE_GOAL = 500;

  private static final int WARM_UP_MESSAGES = 50;

  private final CarelakeConfig config;
  private final Progress progress;

  /**
   * A benchmark of a lake.
   *
   * @param config the benchmark's configuration, with a lake of its own
   * @param progress where progress lines go
   */
  public Hl7IngestBenchmark(CarelakeConfig config, Progress progress) {
    this.config = config;
    this.progress = progress;
  }

  /**
   * Generates the messages and measures the ingestion and the floor.
   *
   * @param messages how many messages to generate
   * @return the report, with scenario {@code hl7-ingest}
   */
  public BenchmarkReport run(int messages) {
    Lake lake = Lake.open(config);
    lake.files().delete(config.lakeUri().toString());
    Path inbox = config.dataDir().resolve("bench/hl7-ingest-inbox");
    Path warmUp = config.dataDir().resolve("bench/hl7-ingest-warm-up");
    Path warmUpMerge = config.dataDir().resolve("bench/hl7-ingest-warm-up-merge");
    delete(inbox);
    delete(warmUp);
    delete(warmUpMerge);
    Hl7MessageGenerator generator =
        new Hl7MessageGenerator(new GeneratorSettings(Math.max(50, messages / 8), 42, 0.0));
    Progress.Step step = progress.start("generate HL7 messages");
    Hl7MessageGenerator.Summary summary =
        generator.write(messages, EnumSet.allOf(Hl7MessageGenerator.Family.class), inbox);
    step.done(Progress.count(summary.messages()) + " messages in " + summary.files() + " files");
    new Hl7MessageGenerator(new GeneratorSettings(20, 7, 0.0))
        .write(WARM_UP_MESSAGES, EnumSet.allOf(Hl7MessageGenerator.Family.class), warmUp);
    // The same 20 patients (ids are 1..n whatever the seed), other messages: a merge that matches.
    new Hl7MessageGenerator(new GeneratorSettings(20, 8, 0.0))
        .write(WARM_UP_MESSAGES, EnumSet.allOf(Hl7MessageGenerator.Family.class), warmUpMerge);

    // The floor first, before the ingestion takes the files out of the inbox.
    List<String> texts = texts(inbox);
    step = progress.start("floor: HAPI PipeParser parse");
    double floor = floor(texts);
    step.done(String.format(java.util.Locale.ROOT, "%.1f s", floor));

    Hl7Ingestion ingestion =
        new Hl7Ingestion(
            lake,
            () -> {
              throw new IllegalStateException("The HL7 benchmark publishes nothing.");
            },
            new ProgressListener(progress));
    progress.line("warm-up ingestion of " + WARM_UP_MESSAGES + " messages (creates silver)");
    List<Double> warmUpSeconds = new ArrayList<>();
    long warming = System.nanoTime();
    ingestion.run(Optional.of(warmUp.toString()), PipelineScope.TO_SILVER);
    warmUpSeconds.add(Math.round((System.nanoTime() - warming) / 1e7) / 100.0);
    progress.line("warm-up ingestion of " + WARM_UP_MESSAGES + " messages (merges into silver)");
    warming = System.nanoTime();
    ingestion.run(Optional.of(warmUpMerge.toString()), PipelineScope.TO_SILVER);
    warmUpSeconds.add(Math.round((System.nanoTime() - warming) / 1e7) / 100.0);
    progress.line("timed ingestion of " + Progress.count(texts.size()) + " messages");
    long compilations = CodegenMetrics.METRIC_COMPILATION_TIME().getCount();
    long started = System.nanoTime();
    RunRecord run = ingestion.run(Optional.of(inbox.toString()), PipelineScope.TO_SILVER);
    double seconds = (System.nanoTime() - started) / 1e9;
    compilations = CodegenMetrics.METRIC_COMPILATION_TIME().getCount() - compilations;
    long reconciled = run.step("reconcile").map(record -> record.count("messages")).orElse(0L);
    if (reconciled != texts.size()) {
      throw Errors.hl7BenchmarkDoesNotReconcile(run.id(), reconciled, texts.size());
    }
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("messages", texts.size());
    parameters.put("files", summary.files());
    parameters.put("types", "ADT,SIU,ORU");
    parameters.put("steps", "raw, bronze, silver, reconcile");
    double rate = texts.size() / seconds;
    double floorRate = texts.size() / floor;
    Map<String, Long> stepMillis = new LinkedHashMap<>();
    run.steps()
        .forEach(
            record ->
                stepMillis.put(
                    record.name(),
                    record.seconds() == null ? 0L : Math.round(record.seconds() * 1000)));
    return BenchmarkReport.start("hl7-ingest", parameters)
        .with(
            BenchmarkReport.Scenario.withFloor("hl7-ingest", seconds, floor)
                .withMetric("messages_per_second", Math.round(rate))
                .withMetric("floor_messages_per_second", Math.round(floorRate))
                .withMetric("goal_messages_per_second", RATE_GOAL)
                .withMetric("step_milliseconds", stepMillis)
                .withMetric("codegen_compilations", compilations)
                .withMetric("warm_up_seconds", warmUpSeconds));
  }

  /** The messages of the inbox's files, CR-framed as PipeParser requires. */
  private static List<String> texts(Path inbox) {
    List<String> texts = new ArrayList<>();
    try (Stream<Path> files = Files.list(inbox)) {
      for (Path file : files.sorted().toList()) {
        for (Hl7Framing.Framed framed :
            Hl7Framing.split(Hl7Charsets.decode(Files.readAllBytes(file)))) {
          texts.add(Hl7Framing.normalize(framed.text()));
        }
      }
    } catch (IOException e) {
      throw Errors.fileFailed("read", inbox.toString(), e);
    }
    return texts;
  }

  /** Seconds HAPI's PipeParser takes to parse every message, best of two rounds after a warm-up. */
  static double floor(List<String> texts) {
    PipeParser parser = new Hl7Reader().parser();
    double best = Double.MAX_VALUE;
    for (int round = 0; round < 3; round++) {
      long started = System.nanoTime();
      for (String text : texts) {
        try {
          parser.parse(text);
        } catch (HL7Exception e) {
          throw Errors.generatedMessageUnparsed(e);
        }
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      if (round > 0) {
        best = Math.min(best, seconds);
      }
    }
    return best;
  }

  private static void delete(Path folder) {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(folder)) {
      for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw Errors.fileFailed("delete", folder.toString(), e);
    }
  }
}
