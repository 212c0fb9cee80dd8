package org.carelake.lake.internal.hl7;

import static org.apache.spark.sql.functions.col;

import io.delta.tables.DeltaTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.carelake.lake.Lake;
import org.carelake.lake.LakePaths;
import org.carelake.lake.internal.DeltaWrites;
import org.carelake.lake.pipeline.Counts;
import org.carelake.lake.pipeline.RunContext;
import org.carelake.lake.pipeline.Step;
import org.carelake.lake.pipeline.StepName;
import org.carelake.lake.pipeline.StepResult;

/**
 * Appends the messages of the files a run landed to {@code bronze/hl7_messages}, decoded as {@link
 * Hl7RawZone#read} decides and otherwise as received ({@link Hl7BronzeStage}). It reads the run's
 * raw folder, not the inbox, so a run resumed after a crash between landing and bronze carries the
 * landed files on.
 *
 * <p>Idempotent: the append carries the run's sequence as its transaction version, so a resumed
 * step never appends twice.
 */
public final class Hl7BronzeStep implements Step {
  /** The name of the step. */
  public static final StepName NAME = StepName.of("bronze", "hl7_messages");

  /** The Delta application id of the run's appends. */
  static final String APPLICATION = "carelake-bronze-hl7_messages";

  /**
   * The run's rows in bronze.
   *
   * @param files landed files read
   * @param rows messages the run holds in bronze
   */
  public record Result(long files, long rows) implements StepResult {
    @Override
    public Map<String, Long> counts() {
      return Counts.of("files", files, "rows", rows);
    }

    @Override
    public String summary() {
      return Counts.format(rows) + " messages appended";
    }
  }

  private final Lake lake;

  /** The bronze step of a lake's HL7 messages. */
  public Hl7BronzeStep(Lake lake) {
    this.lake = lake;
  }

  @Override
  public StepName name() {
    return NAME;
  }

  @Override
  public List<StepName> dependsOn() {
    return List.of(Hl7LandStep.NAME);
  }

  @Override
  public String description() {
    return "append the messages of the run's landed files to bronze/hl7_messages, once per run";
  }

  @Override
  public Result run(RunContext context) {
    Hl7RawZone raw = new Hl7RawZone(lake.files(), lake.paths());
    List<Hl7FileManifest> landed = raw.landed(context.runId());
    if (landed.isEmpty()) {
      return new Result(0, 0);
    }
    // The rows written come from the commit's metrics; only an append made before a resume (or a
    // table without metrics) costs a count of the run's rows.
    java.util.OptionalLong written =
        DeltaWrites.appendOnceCounting(
            Hl7BronzeStage.apply(lake.spark(), read(raw, landed)),
            path(lake.paths()),
            APPLICATION,
            context.sequence());
    return new Result(
        landed.size(),
        written.isPresent()
            ? written.getAsLong()
            : rows(lake.spark(), lake.paths(), context.runId()));
  }

  /** Where the HL7 messages' bronze table is. */
  public static String path(LakePaths paths) {
    return paths.bronze(Hl7RawZone.SOURCE, "messages");
  }

  /** The messages a run holds in bronze. */
  public static long rows(SparkSession spark, LakePaths paths, String runId) {
    String path = path(paths);
    if (!DeltaTable.isDeltaTable(spark, path)) {
      return 0;
    }
    return spark.read().format("delta").load(path).where(col("_run_id").equalTo(runId)).count();
  }

  /**
   * Appends to bronze the landed messages of every run whose messages bronze does not hold (a run
   * that crashed between landing and bronze and was never resumed, or a bronze table lost), oldest
   * run first. Each such append has its own transaction id, the run's, so a replay repeated appends
   * nothing twice, while later runs' appends do not hide a missing earlier one.
   *
   * @param spark the session
   * @param raw the raw zone
   * @param paths the lake's paths
   * @return messages appended per run replayed, in run order
   */
  public static Map<String, Long> replayMissing(
      SparkSession spark, Hl7RawZone raw, LakePaths paths) {
    Map<String, Long> replayed = new java.util.LinkedHashMap<>();
    for (String runId : raw.runs()) {
      List<Hl7FileManifest> landed = raw.landed(runId);
      long messages = landed.stream().mapToLong(Hl7FileManifest::messageCount).sum();
      if (messages == 0 || rows(spark, paths, runId) > 0) {
        continue;
      }
      DeltaWrites.appendOnce(
          Hl7BronzeStage.apply(spark, read(raw, landed)),
          path(paths),
          APPLICATION + "-replay-" + runId,
          Hl7RawZone.sequenceOf(runId));
      replayed.put(runId, rows(spark, paths, runId));
    }
    return replayed;
  }

  private static List<Hl7BronzeStage.Landed> read(Hl7RawZone raw, List<Hl7FileManifest> landed) {
    List<Hl7BronzeStage.Landed> files = new ArrayList<>();
    for (Hl7FileManifest manifest : landed) {
      files.add(new Hl7BronzeStage.Landed(manifest, raw.read(manifest)));
    }
    return files;
  }
}
