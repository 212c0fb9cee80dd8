package org.carelake.lake.internal.hl7;

import io.delta.tables.DeltaTable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.carelake.lake.internal.silver.SilverSink;

/**
 * Merges HL7 patients into silver field by field: the PID of an ORU or SIU message names the
 * patient with a few fields, the ADT registration with many, and they arrive in any order.
 *
 * <p>A row newer (MSH-7) than silver's fills each column it has and keeps silver's value where it
 * has none; an older row only fills the columns silver lacks. So a sparse patient made from an ORU
 * is completed when the ADT arrives, and a later sparse PID never blanks a registration. Input:
 * rows of the patients table's columns with silver's metadata, one per key. Side effect: a Delta
 * MERGE (or the table's creation) at the path.
 */
final class Hl7PatientSink {
  private static final List<String> METADATA =
      List.of("_warnings", "_source_updated_at", "_source_position", "_run_id");

  private final SparkSession spark;

  /** A sink on a session. */
  public Hl7PatientSink(SparkSession spark) {
    this.spark = spark;
  }

  /**
   * Merges the rows into the patients table at the path.
   *
   * @param rows one row per patient_id, with the table's columns (see {@link
   *     Hl7SilverStage#alignTo})
   * @param path the silver patients table
   */
  public void merge(Dataset<Row> rows, String path) {
    Dataset<Row> upserts =
        List.of(rows.columns()).contains("_deleted") ? rows.drop("_deleted") : rows;
    if (!DeltaTable.isDeltaTable(spark, path)) {
      new SilverSink(spark, path, "patient_id").write(upserts);
      return;
    }
    new SilverSink(spark, path, "patient_id").addMissingColumns(upserts.schema());
    Map<String, String> newer = new LinkedHashMap<>();
    Map<String, String> older = new LinkedHashMap<>();
    for (String column : upserts.columns()) {
      String quoted = "`" + column + "`";
      if (METADATA.contains(column)) {
        newer.put(quoted, "s." + quoted);
      } else if (!column.equals("patient_id")) {
        newer.put(quoted, "coalesce(s." + quoted + ", t." + quoted + ")");
        older.put(quoted, "coalesce(t." + quoted + ", s." + quoted + ")");
      }
    }
    DeltaTable.forPath(spark, path)
        .as("t")
        .merge(upserts.as("s"), "t.patient_id = s.patient_id")
        .whenMatched("s._source_updated_at >= t._source_updated_at")
        .updateExpr(newer)
        .whenMatched()
        .updateExpr(older)
        .whenNotMatched()
        .insertAll()
        .execute();
  }
}
