package org.carelake.app.cli;

import java.util.Locale;
import org.carelake.lake.run.RunRecord;
import org.carelake.lake.run.StepRecord;

/** The closing lines of a run: what each layer received, and how long each stage took. */
final class RunSummary {
  private RunSummary() {}

  static void print(Progress progress, RunRecord run, double seconds) {
    long extracted = 0;
    long upserted = 0;
    long quarantined = 0;
    long published = 0;
    String[] stages = {"extract", "bronze", "silver", "fhir", "gold", "publish"};
    double[] stageSeconds = new double[stages.length];
    for (StepRecord step : run.steps()) {
      String stage =
          step.name().contains(":")
              ? step.name().substring(0, step.name().indexOf(':'))
              : step.name();
      for (int i = 0; i < stages.length; i++) {
        if (stages[i].equals(stage) && step.seconds() != null) {
          stageSeconds[i] += step.seconds();
        }
      }
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
    StringBuilder times = new StringBuilder("time per stage:");
    for (int i = 0; i < stages.length; i++) {
      times.append(String.format(Locale.ROOT, " %s %.1f s", stages[i], stageSeconds[i]));
      if (i < stages.length - 1) {
        times.append(',');
      }
    }
    progress.line(times.toString());
  }
}
