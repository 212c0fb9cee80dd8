package org.carelake.app.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.carelake.config.CarelakeConfig;
import org.carelake.lake.Lake;
import org.carelake.lake.LakePaths;
import org.carelake.lake.run.LakeLock;
import org.carelake.lake.terminology.Icd10LookupSink;
import org.carelake.lake.terminology.Icd10LookupSource;
import org.carelake.terminology.Icd10Release;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code carelake terminology}: code systems in the lake. */
@Command(
    name = "terminology",
    mixinStandardHelpOptions = true,
    description = {
      "Load code-system releases into the lake, where silver classifies codes against them.",
      "",
      "Without a loaded release, a starter set of about two hundred ICD-10-CM codes bundled with"
          + " carelake serves the demo."
    },
    subcommands = {TerminologyCommand.Load.class, TerminologyCommand.Releases.class})
public final class TerminologyCommand implements Runnable {
  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** {@code carelake terminology load}. */
  @Command(
      name = "load",
      mixinStandardHelpOptions = true,
      description = {
        "Load an ICD-10-CM release from the official CMS files into the lake's versioned lookup"
            + " table terminology/icd10cm (one row per release and code).",
        "",
        "Loading a release again replaces its rows in a new Delta version; other releases stay."
            + " The next run classifies diagnoses against the newest release, or the one"
            + " terminology.icd10cm-release names."
      })
  static final class Load implements Callable<Integer> {
    @Mixin private ConfigOptions configOptions;

    @Option(
        names = "--icd10cm-order",
        required = true,
        paramLabel = "FILE",
        description = "The order file, icd10cm_order_<year>.txt (every code, fixed width).")
    private Path orderFile;

    @Option(
        names = "--icd10cm-tabular",
        paramLabel = "FILE",
        description =
            "The tabular list, icd10cm_tabular_<year>.xml: chapters and blocks. Without it, codes"
                + " have no block and take their chapter from the FY2021 chapter ranges.")
    private Path tabularFile;

    @Option(
        names = "--release",
        paramLabel = "NAME",
        description =
            "The release's name, FY and a year (FY2021). Default: from the tabular list's version,"
                + " else from the year in the order file's name.")
    private String release;

    @Override
    public Integer call() {
      CarelakeConfig config = configOptions.load();
      Progress progress = Progress.toStandardOutput();
      long started = System.nanoTime();
      Progress.Step reading = progress.start("read the release files");
      Icd10Release loaded;
      try {
        loaded =
            Icd10Release.read(
                orderFile, Optional.ofNullable(tabularFile), Optional.ofNullable(release));
      } catch (RuntimeException e) {
        reading.failed();
        throw e;
      }
      Icd10Release.Counts counts = loaded.counts();
      reading.done(loaded.name() + ", " + Progress.count(counts.codes()) + " codes");
      Progress.Step starting = progress.start("start Spark (" + config.spark().master() + ")");
      Lake lake = Lake.open(config);
      SparkSession spark = lake.spark();
      starting.done("ready");
      LakePaths paths = lake.paths();
      long version;
      try (LakeLock lock = lake.lock("carelake terminology load")) {
        Progress.Step writing = progress.start("write terminology/icd10cm");
        version = new Icd10LookupSink(spark).write(loaded, paths.terminology("icd10cm"));
        writing.done("Delta version " + version);
      }
      progress.line(
          String.format(
              Locale.ROOT,
              "ICD-10-CM %s loaded in %.1f s: %s codes, %s billable, %s headers, %d chapters,"
                  + " %d blocks%s",
              loaded.name(),
              (System.nanoTime() - started) / 1e9,
              Progress.count(counts.codes()),
              Progress.count(counts.billable()),
              Progress.count(counts.headers()),
              counts.chapters(),
              counts.blocks(),
              tabularFile == null ? " (no tabular list: no blocks)" : ""));
      progress.line("  table: " + paths.terminology("icd10cm") + " (version " + version + ")");
      return 0;
    }
  }

  /** {@code carelake terminology releases}. */
  @Command(
      name = "releases",
      mixinStandardHelpOptions = true,
      description = "List the ICD-10-CM releases loaded into the lake, and which one silver uses.")
  static final class Releases implements Callable<Integer> {
    @Mixin private ConfigOptions configOptions;

    @Override
    public Integer call() {
      CarelakeConfig config = configOptions.load();
      Lake lake = Lake.open(config);
      SparkSession spark = lake.spark();
      LakePaths paths = lake.paths();
      List<Icd10LookupSource.LoadedRelease> releases =
          new Icd10LookupSource(spark, paths.terminology("icd10cm")).releases();
      if (releases.isEmpty()) {
        System.out.println(
            "No ICD-10-CM release is loaded in "
                + paths.root()
                + "; silver uses the bundled starter set. Load one with 'carelake terminology"
                + " load --icd10cm-order FILE --icd10cm-tabular FILE'.");
        return 0;
      }
      String pinned = config.get(org.carelake.config.ConfigKeys.TERMINOLOGY_ICD10CM_RELEASE);
      String used = pinned.isEmpty() ? releases.get(releases.size() - 1).release() : pinned;
      for (Icd10LookupSource.LoadedRelease loaded : releases) {
        System.out.printf(
            Locale.ROOT,
            "%-8s %9s codes %9s billable  loaded %s%s%n",
            loaded.release(),
            Progress.count(loaded.codes()),
            Progress.count(loaded.billable()),
            loaded.loadedAt(),
            loaded.release().equals(used) ? "  <- silver uses it" : "");
      }
      return 0;
    }
  }
}
