package org.carelake.lake.internal.silver;

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

import java.sql.Timestamp;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.carelake.lake.silver.Lookup;
import org.carelake.lake.silver.Reference;
import org.carelake.lake.silver.SilverEntity;
import org.carelake.lake.silver.ValidationRule;
import org.carelake.lake.silver.ValidationRule.Severity;

/**
 * The silver transform of one entity: a pure function of a bronze increment and a {@link
 * SilverContext}.
 *
 * <p>Input: bronze rows (columns as received plus ingestion metadata), and from the context the
 * rows still waiting from earlier runs, the parents' received keys and the lookups. It types each
 * column with the entity's expressions (standardizing it), evaluates every rule, checks every
 * reference, and sorts the rows four ways: those failing an error rule, or waiting for a parent
 * longer than the grace period, become quarantine records (the record as received, every failed
 * rule id and its reason, the run and the source position); those whose parent has not arrived yet
 * wait ({@link #pending}); the others are kept, with warning rule ids in {@code _warnings}, and
 * deduplicated so each key appears once, in its latest source version. No side effects: the
 * streaming path can apply the same function to each micro-batch.
 */
public final class SilverStage {
  /** Metadata columns every silver row carries, after the entity's own columns. */
  public static final List<String> METADATA =
      List.of("_warnings", "_source_updated_at", "_source_position", "_run_id");

  /** Stands for the source's time zone in typed column expressions and rules. */
  public static final String TIME_ZONE_TOKEN = "{source-time-zone}";

  /** The bronze metadata a pending row keeps, so it can be evaluated again as bronze. */
  public static final List<String> PENDING_METADATA =
      List.of("_run_id", "_source_key", "_source_position", "_operation", "_extracted_at");

  private static final String EMPTY = "CAST(array() AS ARRAY<STRING>)";

  private final SilverEntity entity;
  private final String zone;

  /** A stage for one entity whose source records local times in UTC. */
  public SilverStage(SilverEntity entity) {
    this(entity, ZoneOffset.UTC);
  }

  /**
   * A stage for one entity.
   *
   * @param entity the entity
   * @param sourceTimeZone the zone of the source's times without a zone (wall-clock times)
   */
  public SilverStage(SilverEntity entity, ZoneId sourceTimeZone) {
    this.entity = entity;
    // Spark reads "UTC" everywhere; ZoneOffset.UTC's own id is "Z".
    this.zone = sourceTimeZone.normalized().equals(ZoneOffset.UTC) ? "UTC" : sourceTimeZone.getId();
  }

  /** The entity this stage transforms. */
  public SilverEntity entity() {
    return entity;
  }

  /**
   * Types a bronze increment without validating it: the entity's columns plus the source metadata.
   * Used to build lookups from the increment of another entity.
   */
  public Dataset<Row> typed(Dataset<Row> bronze) {
    Dataset<Row> input =
        Arrays.asList(bronze.columns()).contains("_pending_since")
            ? bronze
            : bronze.withColumn("_pending_since", lit(null).cast(DataTypes.TimestampType));
    List<Column> business =
        Arrays.stream(bronze.columns())
            .filter(name -> !name.startsWith("_"))
            .map(name -> col("`" + name + "`").as(name))
            .toList();
    List<Column> typed = new ArrayList<>();
    typed.add(struct(business.toArray(Column[]::new)).as("_raw"));
    for (Map.Entry<String, String> column : entity.typedColumns().entrySet()) {
      typed.add(expr(zoned(column.getValue())).as(column.getKey()));
    }
    typed.add(expr("try_cast(updated_at AS TIMESTAMP)").as("_source_updated_at"));
    typed.add(col("_source_key"));
    typed.add(col("_source_position"));
    typed.add(col("_run_id"));
    typed.add(col("_extracted_at"));
    typed.add(col("_operation"));
    typed.add(expr("coalesce(_operation = 'delete', false)").as("_deleted"));
    typed.add(col("_pending_since"));
    return input.select(typed.toArray(Column[]::new));
  }

  /** Types and validates a bronze increment with no context: no references, no lookups. */
  public Dataset<Row> validate(Dataset<Row> bronze) {
    return validate(bronze, SilverContext.none());
  }

  /**
   * Types and validates a bronze increment, together with the rows still waiting from earlier runs.
   * Each row gets {@code _raw} (the row as received), {@code _errors} and {@code _warnings} (arrays
   * of rule ids; a reference whose wait is over counts as an error), {@code _missing} (the
   * references whose parent has not arrived), {@code _pending} (waiting for a parent), {@code
   * _pending_since} and {@code _retried} (held by an earlier run).
   */
  public Dataset<Row> validate(Dataset<Row> bronze, SilverContext context) {
    Dataset<Row> input = bronze;
    if (context.pendingRows().isPresent()) {
      input =
          input
              .withColumn("_pending_since", lit(null).cast(DataTypes.TimestampType))
              .unionByName(context.pendingRows().get(), true);
    }
    Dataset<Row> rows = typed(input).withColumn("_retried", col("_pending_since").isNotNull());
    for (Lookup lookup : entity.lookups()) {
      rows = joinLookup(rows, lookup, context);
    }
    List<String> missing = new ArrayList<>();
    int index = 0;
    for (Reference reference : entity.references()) {
      Dataset<Row> known = context.knownKeys().get(reference.parent());
      if (known == null) {
        continue;
      }
      String keyName = "_known_key_" + index;
      String flagName = "_known_" + index;
      index++;
      Dataset<Row> keys = known.select(col("key").cast(DataTypes.LongType).as(keyName)).distinct();
      rows =
          rows.join(keys, rows.col(reference.column()).equalTo(keys.col(keyName)), "left")
              .withColumn(flagName, col(keyName).isNotNull())
              .drop(keyName);
      missing.add(
          "CASE WHEN "
              + reference.column()
              + " IS NOT NULL AND NOT "
              + flagName
              + " THEN '"
              + reference.ruleId()
              + "' END");
    }
    String missingExpression =
        missing.isEmpty()
            ? EMPTY
            : "filter(CAST(array("
                + String.join(", ", missing)
                + ") AS ARRAY<STRING>), id -> id IS NOT NULL)";
    Timestamp asOf = Timestamp.from(context.asOf());
    Timestamp expiry = Timestamp.from(context.asOf().minus(context.gracePeriod()));
    Dataset<Row> validated =
        rows.withColumn(
                "_errors",
                expr(
                    "CASE WHEN _deleted THEN "
                        + EMPTY
                        + " ELSE "
                        + failedRules(Severity.ERROR)
                        + " END"))
            .withColumn(
                "_warnings",
                expr(
                    "CASE WHEN _deleted THEN "
                        + EMPTY
                        + " ELSE "
                        + failedRules(Severity.WARNING)
                        + " END"))
            .withColumn(
                "_missing",
                expr("CASE WHEN _deleted THEN " + EMPTY + " ELSE " + missingExpression + " END"))
            .withColumn(
                "_pending_since",
                when(
                    size(col("_missing")).gt(0),
                    org.apache.spark.sql.functions.coalesce(col("_pending_since"), lit(asOf))))
            .withColumn(
                "_expired", size(col("_missing")).gt(0).and(col("_pending_since").leq(lit(expiry))))
            .withColumn(
                "_errors",
                when(
                        col("_expired"),
                        org.apache.spark.sql.functions.concat(col("_errors"), col("_missing")))
                    .otherwise(col("_errors")))
            .withColumn(
                "_pending", size(col("_errors")).equalTo(0).and(size(col("_missing")).gt(0)));
    List<String> drop = new ArrayList<>();
    for (int i = 0; i < index; i++) {
      drop.add("_known_" + i);
    }
    drop.add("_expired");
    return validated.drop(drop.toArray(String[]::new));
  }

  /** The rows of a validated increment that failed an error rule, as quarantine records. */
  public Dataset<Row> quarantined(Dataset<Row> validated) {
    List<String> pairs = new ArrayList<>();
    for (ValidationRule rule : entity.rules()) {
      pairs.add("'" + rule.id() + "', '" + rule.description().replace("'", "''") + "'");
    }
    for (Reference reference : entity.references()) {
      pairs.add(
          "'" + reference.ruleId() + "', '" + reference.description().replace("'", "''") + "'");
    }
    String reasons = pairs.stream().collect(Collectors.joining(", ", "map(", ")"));
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
   * The rows of a validated increment that wait for a parent: the bronze columns as received, the
   * metadata needed to evaluate them again, {@code _pending_since} (when the first run held them)
   * and {@code _waiting_for} (the rule ids of the missing references).
   */
  public Dataset<Row> pending(Dataset<Row> validated) {
    List<Column> columns = new ArrayList<>();
    columns.add(col("_raw.*"));
    PENDING_METADATA.forEach(name -> columns.add(col(name)));
    columns.add(col("_pending_since"));
    columns.add(col("_missing").as("_waiting_for"));
    return validated.where(col("_pending")).select(columns.toArray(Column[]::new));
  }

  /**
   * The valid rows and tombstones of a validated increment, one per key: exact duplicates collapse,
   * and of several versions of a key (a deletion is a version) the latest by source time wins. The
   * column {@code _deleted} tells tombstones from upserts.
   */
  public Dataset<Row> upserts(Dataset<Row> validated) {
    return kept(validated)
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
        .select(silverColumns());
  }

  /**
   * Every distinct source version of each key among the valid rows and tombstones of a validated
   * increment, oldest first: what a history (type 2) table records.
   */
  public Dataset<Row> versions(Dataset<Row> validated) {
    return kept(validated)
        .withColumn(
            "_version",
            row_number()
                .over(
                    Window.partitionBy(col(entity.keyColumn()), col("_source_updated_at"))
                        .orderBy(col("_deleted").desc(), col("_extracted_at").desc_nulls_last())))
        .where(col("_version").equalTo(1).and(col("_source_updated_at").isNotNull()))
        .select(silverColumns());
  }

  private Dataset<Row> kept(Dataset<Row> validated) {
    return validated.where(size(col("_errors")).equalTo(0).and(col("_pending").equalTo(false)));
  }

  private Column[] silverColumns() {
    List<String> columns = new ArrayList<>(entity.typedColumns().keySet());
    columns.addAll(METADATA);
    columns.add("_deleted");
    return columns.stream().map(name -> col(name)).toArray(Column[]::new);
  }

  /**
   * What a validated increment holds, counted in one pass.
   *
   * @param received rows of the bronze increment
   * @param retried rows held by earlier runs, evaluated again
   * @param upserted distinct keys among the valid rows: the rows merged into silver
   * @param quarantined rows that failed an error rule or waited too long for a parent
   * @param duplicates valid rows folded into another version of the same key
   * @param tombstones deletions applied: keys whose latest version is a deletion
   * @param pending rows that wait for a parent
   * @param warnings valid or not, rows that failed a warning rule
   */
  public record Counts(
      long received,
      long retried,
      long upserted,
      long quarantined,
      long duplicates,
      long tombstones,
      long pending,
      long warnings) {

    /** Whether everything received or retried is accounted for. */
    public boolean reconciles() {
      return received + retried == upserted + quarantined + duplicates + tombstones + pending;
    }
  }

  /** Counts a validated increment (two small Spark jobs). */
  public Counts count(Dataset<Row> validated) {
    Row totals =
        validated
            .agg(
                sum(when(col("_retried"), 0).otherwise(1)),
                sum(when(col("_retried"), 1).otherwise(0)),
                sum(when(size(col("_errors")).gt(0), 1).otherwise(0)),
                sum(when(size(col("_warnings")).gt(0), 1).otherwise(0)),
                sum(when(col("_pending"), 1).otherwise(0)))
            .first();
    Row kept =
        upserts(validated)
            .agg(
                sum(when(col("_deleted"), 0).otherwise(1)),
                sum(when(col("_deleted"), 1).otherwise(0)))
            .first();
    long received = longOrZero(totals, 0);
    long retried = longOrZero(totals, 1);
    long quarantined = longOrZero(totals, 2);
    long warnings = longOrZero(totals, 3);
    long pending = longOrZero(totals, 4);
    long upserted = longOrZero(kept, 0);
    long tombstones = longOrZero(kept, 1);
    return new Counts(
        received,
        retried,
        upserted,
        quarantined,
        received + retried - quarantined - pending - upserted - tombstones,
        tombstones,
        pending,
        warnings);
  }

  private static long longOrZero(Row row, int index) {
    return row.isNullAt(index) ? 0 : row.getLong(index);
  }

  private Dataset<Row> joinLookup(Dataset<Row> rows, Lookup lookup, SilverContext context) {
    StructType values = StructType.fromDDL(lookup.valueSchema());
    String keyName = "_lookup_key_" + lookup.name();
    Dataset<Row> data = context.lookups().get(lookup.name());
    if (data == null) {
      List<Column> nulls = new ArrayList<>();
      for (StructField field : values.fields()) {
        nulls.add(lit(null).cast(field.dataType()).as(field.name()));
      }
      return rows.withColumn("_" + lookup.name(), struct(nulls.toArray(Column[]::new)));
    }
    List<Column> fields = new ArrayList<>();
    for (StructField field : values.fields()) {
      fields.add(col(field.name()).cast(field.dataType()).as(field.name()));
    }
    Dataset<Row> right =
        data.select(
            col("key").cast(DataTypes.LongType).as(keyName),
            struct(fields.toArray(Column[]::new)).as("_" + lookup.name()));
    return rows.join(right, rows.col(lookup.joinColumn()).equalTo(right.col(keyName)), "left")
        .drop(keyName);
  }

  private String failedRules(Severity severity) {
    String cases =
        entity.rules().stream()
            .filter(rule -> rule.severity() == severity)
            .map(
                rule ->
                    "CASE WHEN (" + zoned(rule.violatedWhen()) + ") THEN '" + rule.id() + "' END")
            .collect(Collectors.joining(", "));
    return cases.isEmpty()
        ? EMPTY
        : "filter(CAST(array(" + cases + ") AS ARRAY<STRING>), id -> id IS NOT NULL)";
  }

  private String zoned(String expression) {
    return expression.replace(TIME_ZONE_TOKEN, zone);
  }
}
