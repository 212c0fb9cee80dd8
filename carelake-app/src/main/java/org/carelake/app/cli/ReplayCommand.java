package org.carelake.app.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.carelake.config.CarelakeConfig;
import org.carelake.lake.Lake;
import org.carelake.lake.LakeFiles;
import org.carelake.lake.LakePaths;
import org.carelake.lake.bronze.BronzeReplay;
import org.carelake.lake.extract.IngestTable;
import org.carelake.lake.run.LakeLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code carelake replay}: rebuilds bronze from the raw zone. */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      "Rebuild every bronze table from the raw zone and its manifests alone.",
      "",
      "Each table's bronze is deleted and appended again, run by run, as the runs appended it."
          + " Use it after bronze was lost or damaged, or to check that the raw zone holds"
          + " everything bronze does. Takes the lake's lock, like a run. Silver is not touched;"
          + " 'carelake run --full' rebuilds it from the source.",
      "",
      "HL7 messages landed in the raw zone by a run whose bronze append is missing (a crash"
          + " between landing and bronze) are appended to bronze/hl7_messages; runs already there"
          + " are left as they are."
    })
public final class ReplayCommand implements Callable<Integer> {
  @Mixin private ConfigOptions configOptions;

  @Override
  public Integer call() {
    CarelakeConfig config = configOptions.load();
    Progress progress = Progress.toStandardOutput();
    Lake lake = Lake.open(config);
    SparkSession spark = lake.spark();
    LakePaths paths = lake.paths();
    LakeFiles files = lake.files();
    try (LakeLock lock = lake.lock("carelake replay")) {
      BronzeReplay replay = new BronzeReplay(spark, files, paths);
      long total = 0;
      for (IngestTable table : IngestTable.ALL) {
        Progress.Step step = progress.start("replay bronze " + LakePaths.EHR + "_" + table.name());
        long rows = replay.replay(table);
        total += rows;
        step.done(Progress.count(rows) + " rows");
      }
      progress.line(
          String.format(
              Locale.ROOT,
              "bronze rebuilt from the raw zone: %s rows in %d tables",
              Progress.count(total),
              IngestTable.ALL.size()));
      Progress.Step step = progress.start("replay bronze hl7_messages (runs missing from bronze)");
      java.util.Map<String, Long> replayed = replay.replayHl7Missing();
      step.done(
          Progress.count(replayed.values().stream().mapToLong(Long::longValue).sum())
              + " messages of "
              + replayed.size()
              + " runs");
      return 0;
    }
  }
}
