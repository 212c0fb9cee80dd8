package org.carelake.lake.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.carelake.lake.silver.ValidationRule.Severity;

/**
 * The silver transform of one entity: a pure function of a bronze increment.
 *
 * <p>Input: bronze rows (columns as received plus ingestion metadata). It types each column with
 * the entity's expressions, evaluates every rule, and splits the rows: those failing an error rule
 * become quarantine records (the record as received, every failed rule id and its reason, the run
 * and the source position); the others are kept, with warning rule ids in {@code _warnings}, and
 * deduplicated so each key appears once, in its latest source version. No side effects: the
 * streaming path can apply the same function to each micro-batch.
 */
public final class SilverStage {
  /** Metadata columns every silver row carries, after the entity's own columns. */
  public static final List<String> METADATA =
      List.of("_warnings", "_source_updated_at", "_source_position", "_run_id");

  private final SilverEntity entity;

  /** A stage for one entity. */
  public SilverStage(SilverEntity entity) {
    this.entity = entity;
  }

  /** The entity this stage transforms. */
  public SilverEntity entity() {
    return entity;
  }

  /**
   * Types and validates a bronze increment. Each row gets {@code _errors} and {@code _warnings}
   * (arrays of rule ids) and {@code _raw} (the row as received).
   */
  public Dataset<Row> validate(Dataset<Row> bronze) {
    List<Column> business =
        Arrays.stream(bronze.columns())
            .filter(name -> !name.startsWith("_"))
            .map(name -> col("`" + name + "`"))
            .toList();
    List<Column> typed = new ArrayList<>();
    typed.add(struct(business.toArray(Column[]::new)).as("_raw"));
    for (Map.Entry<String, String> column : entity.typedColumns().entrySet()) {
      typed.add(expr(column.getValue()).as(column.getKey()));
    }
    typed.add(expr("try_cast(updated_at AS TIMESTAMP)").as("_source_updated_at"));
    typed.add(col("_source_key"));
    typed.add(col("_source_position"));
    typed.add(col("_run_id"));
    typed.add(col("_extracted_at"));
    typed.add(expr("_operation = 'delete'").as("_deleted"));
    Dataset<Row> typedRows = bronze.select(typed.toArray(Column[]::new));
    // A tombstone carries only its key: it is never validated, only applied.
    return typedRows
        .withColumn(
            "_errors",
            expr(
                "CASE WHEN _deleted THEN CAST(array() AS ARRAY<STRING>) ELSE "
                    + failedRules(Severity.ERROR)
                    + " END"))
        .withColumn(
            "_warnings",
            expr(
                "CASE WHEN _deleted THEN CAST(array() AS ARRAY<STRING>) ELSE "
                    + failedRules(Severity.WARNING)
                    + " END"));
  }

  /** The rows of a validated increment that failed an error rule, as quarantine records. */
  public Dataset<Row> quarantined(Dataset<Row> validated) {
    String reasons =
        entity.rules().stream()
            .map(rule -> "'" + rule.id() + "', '" + rule.description().replace("'", "''") + "'")
            .collect(Collectors.joining(", ", "map(", ")"));
    return validated
        .where(size(col("_errors")).gt(0))
        .select(
            lit(entity.sourceTable()).as("source_table"),
            col("_source_key").as("source_key"),
            col("_errors").as("rule_ids"),
            expr("transform(_errors, id -> " + reasons + "[id])").as("reasons"),
            to_json(col("_raw")).as("record"),
            col("_run_id").as("run_id"),
            col("_source_position").as("source_position"),
            current_timestamp().as("quarantined_at"));
  }

  /**
   * The valid rows and tombstones of a validated increment, one per key: exact duplicates collapse,
   * and of several versions of a key (a deletion is a version) the latest by source time wins. The
   * column {@code _deleted} tells tombstones from upserts.
   */
  public Dataset<Row> upserts(Dataset<Row> validated) {
    List<String> columns = new ArrayList<>(entity.typedColumns().keySet());
    columns.addAll(METADATA);
    columns.add("_deleted");
    return validated
        .where(size(col("_errors")).equalTo(0))
        .withColumn(
            "_version",
            row_number()
                .over(
                    Window.partitionBy(col(entity.keyColumn()))
                        .orderBy(
                            col("_source_updated_at").desc_nulls_last(),
                            col("_deleted").desc(),
                            col("_extracted_at").desc_nulls_last())))
        .where(col("_version").equalTo(1))
        .select(columns.stream().map(name -> col(name)).toArray(Column[]::new));
  }

  /**
   * What a validated increment holds, counted in one pass.
   *
   * @param received rows in the increment
   * @param upserted distinct keys among the valid rows: the rows merged into silver
   * @param quarantined rows that failed an error rule
   * @param duplicates valid rows folded into another version of the same key
   * @param tombstones deletions applied: keys whose latest version is a deletion
   * @param warnings valid or not, rows that failed a warning rule
   */
  public record Counts(
      long received,
      long upserted,
      long quarantined,
      long duplicates,
      long tombstones,
      long warnings) {}

  /** Counts a validated increment (two small Spark jobs). */
  public Counts count(Dataset<Row> validated) {
    Row totals =
        validated
            .agg(
                org.apache.spark.sql.functions.count(lit(1)),
                sum(when(size(col("_errors")).gt(0), 1).otherwise(0)),
                sum(when(size(col("_warnings")).gt(0), 1).otherwise(0)))
            .first();
    Row kept =
        upserts(validated)
            .agg(
                sum(when(col("_deleted"), 0).otherwise(1)),
                sum(when(col("_deleted"), 1).otherwise(0)))
            .first();
    long received = totals.getLong(0);
    long quarantined = totals.isNullAt(1) ? 0 : totals.getLong(1);
    long warnings = totals.isNullAt(2) ? 0 : totals.getLong(2);
    long upserted = kept.isNullAt(0) ? 0 : kept.getLong(0);
    long tombstones = kept.isNullAt(1) ? 0 : kept.getLong(1);
    return new Counts(
        received,
        upserted,
        quarantined,
        received - quarantined - upserted - tombstones,
        tombstones,
        warnings);
  }

  private String failedRules(Severity severity) {
    String cases =
        entity.rules().stream()
            .filter(rule -> rule.severity() == severity)
            .map(rule -> "CASE WHEN (" + rule.violatedWhen() + ") THEN '" + rule.id() + "' END")
            .collect(Collectors.joining(", "));
    return "filter(CAST(array(" + cases + ") AS ARRAY<STRING>), id -> id IS NOT NULL)";
  }
}
