package org.carelake.lake.internal.bronze;

import static org.apache.spark.sql.functions.col;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.carelake.lake.Lake;
import org.carelake.lake.LakePaths;
import org.carelake.lake.extract.IngestTable;
import org.carelake.lake.internal.DeltaWrites;
import org.carelake.lake.internal.quarantine.QuarantineSink;
import org.carelake.lake.pipeline.Counts;
import org.carelake.lake.pipeline.RunContext;
import org.carelake.lake.pipeline.Step;
import org.carelake.lake.pipeline.StepName;
import org.carelake.lake.pipeline.StepResult;
import org.carelake.lake.raw.RawZone;

/**
 * Appends one table's extract of the run, and the run's deletions of that table as tombstones, to
 * {@code bronze/ehr_<table>}; for the deletion log itself, appends the log as received. Idempotent:
 * the append carries the run's sequence as its transaction version, so a resumed step appends
 * nothing twice.
 */
public final class BronzeStep implements Step {
  /**
   * What a bronze step appended.
   *
   * @param rows the rows appended (records + tombstones)
   * @param records the extract's records
   * @param tombstones the deletions of the table turned into tombstones
   * @param malformed records of inbox files that did not parse, quarantined instead
   */
  public record Result(long rows, long records, long tombstones, long malformed)
      implements StepResult {
    /** The result of a step as the run history recorded it. */
    public static Result of(org.carelake.lake.run.StepRecord step) {
      return new Result(
          step.count("rows"),
          step.count("records"),
          step.count("tombstones"),
          step.count("malformed"));
    }

    /** Whether every record and tombstone is in bronze or, malformed, in quarantine. */
    public boolean balances() {
      return records + tombstones == rows + malformed;
    }

    @Override
    public Map<String, Long> counts() {
      return Counts.of(
          "rows", rows, "records", records, "tombstones", tombstones, "malformed", malformed);
    }

    @Override
    public String summary() {
      return Counts.format(rows)
          + " rows appended"
          + (malformed == 0 ? "" : ", " + Counts.format(malformed) + " malformed quarantined");
    }
  }

  private final Lake lake;
  private final IngestTable table;
  private final DeletionCounts deletions;

  private BronzeStep(Lake lake, IngestTable table, DeletionCounts deletions) {
    this.lake = lake;
    this.table = table;
    this.deletions = deletions;
  }

  /** The bronze steps of every source table, sharing one count of the run's deletions. */
  public static List<Step> all(Lake lake) {
    DeletionCounts deletions = new DeletionCounts(lake);
    List<Step> steps = new java.util.ArrayList<>();
    IngestTable.RECORDS.forEach(table -> steps.add(new BronzeStep(lake, table, deletions)));
    steps.add(new BronzeStep(lake, IngestTable.DELETIONS, deletions));
    return List.copyOf(steps);
  }

  @Override
  public StepName name() {
    return StepName.of("bronze", table.name());
  }

  @Override
  public List<StepName> dependsOn() {
    StepName deletionLog = StepName.of("extract", IngestTable.DELETIONS.name());
    return isDeletionLog()
        ? List.of(deletionLog)
        : List.of(StepName.of("extract", table.name()), deletionLog);
  }

  @Override
  public String description() {
    return isDeletionLog()
        ? "append the deletion log as received to bronze/" + LakePaths.EHR + "_" + table.name()
        : "append the extract and the table's deletions (as tombstones) to bronze/"
            + LakePaths.EHR
            + "_"
            + table.name();
  }

  @Override
  public String label() {
    return "bronze " + LakePaths.EHR + "_" + table.name();
  }

  @Override
  public boolean concurrent() {
    return true;
  }

  private boolean isDeletionLog() {
    return table.name().equals(IngestTable.DELETIONS.name());
  }

  @Override
  public Result run(RunContext context) {
    RawZone rawZone = new RawZone(lake.files(), lake.paths());
    RawZone.Landed landed = landed(rawZone, table.name(), context.runId());
    RawSource rawSource = new RawSource(lake.spark(), rawZone);
    String path = lake.paths().bronze(LakePaths.EHR, table.name());
    String application = "carelake-bronze-" + LakePaths.EHR + "_" + table.name();
    if (isDeletionLog()) {
      if (landed.rowCount() > 0) {
        DeltaWrites.appendOnce(
            BronzeStage.apply(rawSource.read(landed), landed.first(), table.keyColumn()),
            path,
            application,
            context.sequence());
      }
      return new Result(landed.rowCount(), landed.rowCount(), 0, 0);
    }
    long tombstoneCount = deletions.of(context.runId()).getOrDefault(table.name(), 0L);
    if (landed.rowCount() + tombstoneCount == 0) {
      return new Result(0, 0, 0, 0);
    }
    long malformed = quarantineMalformed(rawSource, landed, context);
    Dataset<Row> rows =
        BronzeStage.apply(rawSource.read(landed), landed.first(), table.keyColumn());
    if (tombstoneCount > 0) {
      RawZone.Landed deletionLog = landed(rawZone, IngestTable.DELETIONS.name(), context.runId());
      rows =
          rows.unionByName(
              BronzeStage.tombstones(
                  rawSource.read(deletionLog),
                  deletionLog.first(),
                  landed.first(),
                  table.keyColumn()),
              true);
    }
    // Delta's commit metrics count what was appended; only a resumed step whose append had
    // already been committed reads the run's rows back.
    long appended =
        DeltaWrites.appendOnceCounting(rows, path, application, context.sequence())
            .orElseGet(
                () ->
                    lake.spark()
                        .read()
                        .format("delta")
                        .load(path)
                        .where(col("_run_id").equalTo(context.runId()))
                        .count());
    return new Result(appended, landed.rowCount(), tombstoneCount, malformed);
  }

  /**
   * Appends the records of the extract's inbox files that do not parse to quarantine, once per run,
   * and counts them: one bad row never blocks a table.
   */
  private long quarantineMalformed(RawSource rawSource, RawZone.Landed landed, RunContext context) {
    if (landed.parts().stream().noneMatch(RawZone::isInboxPart)) {
      return 0;
    }
    Dataset<Row> malformed = rawSource.malformed(landed).persist();
    try {
      long count = malformed.count();
      if (count > 0) {
        new QuarantineSink(lake.paths(), "raw-" + table.name(), context.sequence())
            .write(
                BronzeStage.malformedRecords(
                    malformed, LakePaths.EHR + "." + table.name(), context.runId()));
      }
      return count;
    } finally {
      malformed.unpersist();
    }
  }

  private static RawZone.Landed landed(RawZone rawZone, String table, String runId) {
    return rawZone
        .landed(LakePaths.EHR, table, runId)
        .orElseThrow(
            () -> new IllegalStateException("No extract of " + table + " in run " + runId));
  }

  /**
   * How many rows of a run's deletion log name each table, counted in one pass over the log the
   * first time a bronze step of the run asks, rather than once per table: the log's landed extract
   * does not change within a run.
   */
  private static final class DeletionCounts {
    private final Lake lake;
    private String runId;
    private Map<String, Long> byTable;

    DeletionCounts(Lake lake) {
      this.lake = lake;
    }

    synchronized Map<String, Long> of(String run) {
      if (!run.equals(runId)) {
        RawZone rawZone = new RawZone(lake.files(), lake.paths());
        RawZone.Landed deletions = landed(rawZone, IngestTable.DELETIONS.name(), run);
        Map<String, Long> counts = new HashMap<>();
        if (deletions.rowCount() > 0) {
          for (Row row :
              new RawSource(lake.spark(), rawZone)
                  .read(deletions)
                  .groupBy("table_name")
                  .count()
                  .collectAsList()) {
            if (!row.isNullAt(0)) {
              counts.put(row.getString(0), row.getLong(1));
            }
          }
        }
        byTable = counts;
        runId = run;
      }
      return byTable;
    }
  }
}
