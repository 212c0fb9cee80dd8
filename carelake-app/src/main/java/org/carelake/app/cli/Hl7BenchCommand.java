package org.carelake.app.cli;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.parser.PipeParser;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.carelake.bench.BenchmarkReport;
import org.carelake.core.Errors;
import org.carelake.hl7.Hl7Framing;
import org.carelake.hl7.Hl7Reader;
import org.carelake.synth.GeneratorSettings;
import org.carelake.synth.Hl7MessageGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code carelake bench hl7}: HL7 parse plus map, in messages per second on one thread, against
 * HAPI's bare PipeParser parse of the same messages (the floor, same parser configuration: v2.5.1
 * canonical structures, validation off). The goal is a rate at least 0.4 of the floor's.
 */
@Command(
    name = "hl7",
    mixinStandardHelpOptions = true,
    description = {
      "Measure HL7 v2 parse + validate + map (messages/s, one thread) against HAPI PipeParser's"
          + " bare parse of the same generated messages, and report the rate ratio (goal >= 0.4)."
    })
final class Hl7BenchCommand implements Callable<Integer> {
  @Option(
      names = "--messages",
      defaultValue = "20000",
      description = "Messages to generate and read (default: ${DEFAULT-VALUE}).")
  private int messages;

  @Option(
      names = "--rounds",
      defaultValue = "3",
      description = "Timed rounds after one warm-up; the best is kept (default: ${DEFAULT-VALUE}).")
  private int rounds;

  @Option(names = "--output", paramLabel = "FILE", description = "Write the JSON report here.")
  private Path output;

  @Override
  public Integer call() {
    SyntheticEhr.require("bench hl7");
    BenchmarkReport report = run(messages, rounds);
    System.out.print(report.summary());
    if (output != null) {
      report.write(output);
    }
    return 0;
  }

  /** Generates the messages and measures both paths. */
  static BenchmarkReport run(int count, int rounds) {
    int patients = Math.max(50, count / 8);
    List<String> texts =
        new Hl7MessageGenerator(new GeneratorSettings(patients, 42, 0.0))
            .messages(count, EnumSet.allOf(Hl7MessageGenerator.Family.class));
    // The floor parses CR-framed text, as PipeParser requires; carelake reads the same text.
    List<String> framed = texts.stream().map(Hl7Framing::normalize).toList();
    Hl7Reader reader = new Hl7Reader();
    PipeParser parser = new Hl7Reader().parser();
    double floor = Double.MAX_VALUE;
    double carelake = Double.MAX_VALUE;
    long records = 0;
    for (int round = 0; round <= rounds; round++) {
      long started = System.nanoTime();
      for (String text : framed) {
        try {
          parser.parse(text);
        } catch (HL7Exception e) {
          throw Errors.generatedMessageUnparsed(e);
        }
      }
      double bare = (System.nanoTime() - started) / 1e9;
      started = System.nanoTime();
      long mapped = 0;
      for (String text : framed) {
        mapped += reader.read(text).records().size();
      }
      double full = (System.nanoTime() - started) / 1e9;
      if (round > 0) {
        floor = Math.min(floor, bare);
        carelake = Math.min(carelake, full);
        records = mapped;
      }
    }
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("messages", framed.size());
    parameters.put("types", "ADT,SIU,ORU");
    parameters.put("rounds", rounds);
    parameters.put("threads", 1);
    double rate = framed.size() / carelake;
    double floorRate = framed.size() / floor;
    return BenchmarkReport.start("hl7", parameters)
        .with(
            BenchmarkReport.Scenario.withFloor("parse+validate+map", carelake, floor)
                .withMetric("messages_per_second", Math.round(rate))
                .withMetric("floor_messages_per_second", Math.round(floorRate))
                .withMetric("rate_ratio", Math.round(rate / floorRate * 1000) / 1000.0)
                .withMetric("records", records)
                .withMetric("goal_rate_ratio", 0.4));
  }
}
