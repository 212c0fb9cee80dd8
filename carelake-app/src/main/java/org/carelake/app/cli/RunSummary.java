package org.carelake.app.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.carelake.lake.run.RunRecord;
import org.carelake.lake.run.RunStatus;
import org.carelake.lake.run.StepRecord;

/**
 * The closing lines of a run: what each layer received, how long each stage took, and the tables
 * published with their rows and how each was published.
 */
final class RunSummary {
  private RunSummary() {}

  /**
   * Prints the summary.
   *
   * @param publishSchema the schema the run published into ({@code publish.schema})
   */
  static void print(Progress progress, RunRecord run, double seconds, String publishSchema) {
    long extracted = 0;
    long upserted = 0;
    long quarantined = 0;
    long published = 0;
    String[] stages = {"extract", "bronze", "silver", "fhir", "gold", "publish"};
    double[] stageSeconds = new double[stages.length];
    for (int i = 0; i < stages.length; i++) {
      stageSeconds[i] = wallSeconds(run, stages[i]);
    }
    for (StepRecord step : run.steps()) {
      String stage =
          step.name().contains(":")
              ? step.name().substring(0, step.name().indexOf(':'))
              : step.name();
      switch (stage) {
        case "extract" -> extracted += step.count("rows");
        case "silver" -> {
          upserted += step.count("upserted");
          quarantined += step.count("quarantined");
        }
        case "publish" -> published += step.count("rows");
        default -> {}
      }
    }
    progress.line(
        String.format(
            Locale.ROOT,
            "run %s %s in %.1f s: %s rows extracted, %s upserted into silver, %s quarantined,"
                + " %s gold rows published",
            run.id(),
            run.status().name().toLowerCase(Locale.ROOT),
            seconds,
            Progress.count(extracted),
            Progress.count(upserted),
            Progress.count(quarantined),
            Progress.count(published)));
    StringBuilder times = new StringBuilder("wall time per stage:");
    for (int i = 0; i < stages.length; i++) {
      times.append(String.format(Locale.ROOT, " %s %.1f s", stages[i], stageSeconds[i]));
      if (i < stages.length - 1) {
        times.append(',');
      }
    }
    progress.line(times.toString());
    publishedTables(run, publishSchema).forEach(progress::line);
  }

  /**
   * One line per table the run published: {@code schema.table rows mode}, with the rows it changed,
   * or why it was left as it was.
   */
  static List<String> publishedTables(RunRecord run, String publishSchema) {
    List<StepRecord> steps =
        run.steps().stream().filter(step -> step.name().startsWith("publish:")).toList();
    if (steps.isEmpty()) {
      return List.of();
    }
    int width =
        steps.stream().mapToInt(step -> step.name().length()).max().orElse(0)
            - "publish:".length()
            + publishSchema.length()
            + 1;
    List<String> lines = new ArrayList<>();
    lines.add("published tables:");
    for (StepRecord step : steps) {
      String table = publishSchema + "." + step.name().substring("publish:".length());
      String state;
      if (step.status() != RunStatus.SUCCEEDED) {
        state = step.status().name().toLowerCase(Locale.ROOT);
      } else {
        String mode = step.count("merged") > 0 ? "merge" : "replace";
        state =
            String.format(Locale.ROOT, "%12s rows  ", Progress.count(step.count("rows")))
                + (step.count("unchanged") > 0
                    ? mode + " (gold unchanged, not published again)"
                    : mode + " (" + Progress.count(step.count("changed")) + " changed)");
      }
      lines.add(String.format(Locale.ROOT, "  %-" + width + "s %s", table, state));
    }
    return lines;
  }

  /**
   * The wall time of a stage: the union of its steps' intervals, since the steps of a table stage
   * run several at a time (run.table-parallelism), and a resumed run's steps from its earlier
   * attempt stand apart from the rest.
   */
  static double wallSeconds(RunRecord run, String stage) {
    List<Instant[]> intervals = new ArrayList<>();
    double untimed = 0;
    for (StepRecord step : run.steps()) {
      if (!step.name().equals(stage) && !step.name().startsWith(stage + ":")) {
        continue;
      }
      if (step.startedAt() != null && step.endedAt() != null) {
        intervals.add(
            new Instant[] {Instant.parse(step.startedAt()), Instant.parse(step.endedAt())});
      } else if (step.seconds() != null) {
        untimed += step.seconds();
      }
    }
    intervals.sort(Comparator.comparing(interval -> interval[0]));
    double seconds = untimed;
    Instant start = null;
    Instant end = null;
    for (Instant[] interval : intervals) {
      if (end != null && !interval[0].isAfter(end)) {
        end = interval[1].isAfter(end) ? interval[1] : end;
        continue;
      }
      if (end != null) {
        seconds += Duration.between(start, end).toNanos() / 1e9;
      }
      start = interval[0];
      end = interval[1];
    }
    if (end != null) {
      seconds += Duration.between(start, end).toNanos() / 1e9;
    }
    return seconds;
  }
}
