package org.carelake.lake.bronze;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.carelake.lake.LakeFiles;
import org.carelake.lake.LakePaths;
import org.carelake.lake.extract.IngestTable;
import org.carelake.lake.internal.DeltaWrites;
import org.carelake.lake.internal.bronze.BronzeStage;
import org.carelake.lake.internal.bronze.RawSource;
import org.carelake.lake.internal.hl7.Hl7BronzeStep;
import org.carelake.lake.internal.hl7.Hl7RawZone;
import org.carelake.lake.raw.RawZone;

/**
 * Rebuilds bronze from the raw zone and its manifests alone: each table's bronze is deleted and
 * appended again, run by run in the order the runs happened, exactly as the runs appended it (the
 * same rows, tombstones and metadata, the same Delta transaction versions). A run's rows are
 * replayed for a table only when both its extract of the table and its deletion log extract were
 * landed, which is what its bronze step needed too.
 *
 * <p>Input: the raw zone. Side effects: replaces the bronze tables. Output: rows per table.
 */
public final class BronzeReplay {
  private final SparkSession spark;
  private final LakeFiles files;
  private final LakePaths paths;

  /** A replay of one lake. */
  public BronzeReplay(SparkSession spark, LakeFiles files, LakePaths paths) {
    this.spark = spark;
    this.files = files;
    this.paths = paths;
  }

  /** Rebuilds one table's bronze; returns its rows. */
  public long replay(IngestTable table) {
    RawZone rawZone = new RawZone(files, paths);
    RawSource rawSource = new RawSource(spark, rawZone);
    String path = paths.bronze(LakePaths.EHR, table.name());
    files.delete(path);
    long rows = 0;
    for (String runId : rawZone.runs(LakePaths.EHR, table.name())) {
      RawZone.Landed landed = rawZone.landed(LakePaths.EHR, table.name(), runId).orElseThrow();
      long sequence = Long.parseLong(runId.substring(0, runId.indexOf('-')));
      String application = "carelake-bronze-" + LakePaths.EHR + "_" + table.name();
      if (table.kind() == IngestTable.Kind.DELETION_LOG) {
        if (landed.rowCount() > 0) {
          DeltaWrites.appendOnce(
              BronzeStage.apply(rawSource.read(landed), landed.first(), table.keyColumn()),
              path,
              application,
              sequence);
          rows += landed.rowCount();
        }
        continue;
      }
      Optional<RawZone.Landed> deletions =
          rawZone.landed(LakePaths.EHR, IngestTable.DELETIONS.name(), runId);
      if (deletions.isEmpty()) {
        continue;
      }
      Dataset<Row> increment =
          BronzeStage.apply(rawSource.read(landed), landed.first(), table.keyColumn());
      if (deletions.get().rowCount() > 0) {
        increment =
            increment.unionByName(
                BronzeStage.tombstones(
                    rawSource.read(deletions.get()),
                    deletions.get().first(),
                    landed.first(),
                    table.keyColumn()));
      }
      long count = increment.count();
      if (count > 0) {
        DeltaWrites.appendOnce(increment, path, application, sequence);
        rows += count;
      }
    }
    return rows;
  }

  /** Rebuilds every table's bronze; returns rows per table. */
  public Map<String, Long> replayAll() {
    Map<String, Long> rows = new LinkedHashMap<>();
    for (IngestTable table : IngestTable.ALL) {
      rows.put(table.name(), replay(table));
    }
    return rows;
  }

  /**
   * Appends to {@code bronze/hl7_messages} the landed HL7 runs it lacks, from their files in the
   * raw zone, with the run's own transaction version (so a later replay or the run's own retry
   * skips them). Runs already in bronze are left as they are.
   *
   * @return messages appended per replayed run, in run order
   */
  public Map<String, Long> replayHl7Missing() {
    return Hl7BronzeStep.replayMissing(spark, new Hl7RawZone(files, paths), paths);
  }
}
