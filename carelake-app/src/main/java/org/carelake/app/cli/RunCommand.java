package org.carelake.app.cli;

import java.util.EnumSet;
import java.util.concurrent.Callable;
import org.carelake.app.pipeline.BatchPipeline;
import org.carelake.app.pipeline.ExtractMode;
import org.carelake.app.services.Services;
import org.carelake.config.CarelakeConfig;
import org.carelake.lake.run.RunRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code carelake run}: one pipeline run against the configured services. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run the pipeline once against the configured services: extract the source tables' changes"
          + " since the last successful run into the raw zone, append them to bronze, validate"
          + " and merge them into silver (rejected rows go to quarantine with their reasons),"
          + " rebuild gold, publish it, and check that the counts reconcile.",
      "With no source.jdbc-url configured it uses the embedded PostgreSQL in the data folder"
          + " (filled by 'carelake demo' or 'carelake source generate')."
    })
public final class RunCommand implements Callable<Integer> {
  @Mixin private ConfigOptions configOptions;

  @Option(
      names = "--full",
      description = "Extract every row, ignoring the watermarks of earlier runs.")
  private boolean full;

  @Override
  public Integer call() {
    CarelakeConfig config = configOptions.load();
    Progress progress = Progress.toStandardOutput();
    long started = System.nanoTime();
    try (Services services =
        Services.start(config, EnumSet.of(Services.Role.SOURCE, Services.Role.PUBLISH))) {
      BatchPipeline pipeline =
          new BatchPipeline(config, services.source(), services.publish(), progress);
      RunRecord run = pipeline.run("run", full ? ExtractMode.FULL : ExtractMode.INCREMENTAL);
      RunSummary.print(progress, run, (System.nanoTime() - started) / 1e9);
      return 0;
    }
  }
}
