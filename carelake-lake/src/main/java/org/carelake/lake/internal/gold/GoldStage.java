package org.carelake.lake.internal.gold;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.lit;

import io.delta.tables.DeltaTable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.carelake.core.Errors;
import org.carelake.lake.LakeFiles;
import org.carelake.lake.LakePaths;
import org.carelake.lake.gold.GoldMart;
import org.carelake.lake.internal.ChangeFeed;
import org.carelake.lake.internal.DeltaState;
import org.carelake.lake.internal.fhir.SilverRows;
import org.carelake.lake.internal.silver.SilverStage;
import org.carelake.lake.internal.silver.TerminologyFunctions;
import org.carelake.lake.quality.QualityReport;
import org.carelake.lake.quality.QualityReports;
import org.carelake.lake.quarantine.QuarantineSource;
import org.carelake.lake.silver.EhrEntities;
import org.carelake.lake.silver.SilverEntity;
import org.carelake.lake.silver.StandardFunctions;
import org.carelake.model.Diagnosis;
import org.carelake.source.SourceTable;

/**
 * Computes a gold mart from silver.
 *
 * <p>Input: the silver tables the mart names, read at their latest version, and the lake's reserved
 * views it names ({@link GoldMart#LAKE_VIEWS}). Output: the mart's rows. Side effect: registers
 * temporary views {@code silver_<entity>} and the reserved views in the session.
 *
 * <p>Days, weekdays and months are taken in the source's time zone (silver stores instants), so a
 * census counts the patients in house at the hospital's midnight, not at midnight UTC.
 *
 * <p>A silver table the lake has not written yet (an HL7-only lake has no prescriptions) reads as
 * an empty view with the columns and types silver would give it, so a mart over it is empty, not an
 * error; a silver table written before a column was added reads with that column null.
 *
 * <p>A mart is a function of its inputs, so it needs no rebuild while they stay as they were:
 * {@link #inputs} names their versions (from the Delta logs and the report files, no Spark job),
 * and {@link #builtFrom} / {@link #recordBuiltFrom} keep the inputs of the last build in {@code
 * _carelake/gold/<mart>.json}. A mart declared incremental is also computed for some months only
 * ({@link #apply(GoldMart, Set)}), from the months {@link #changedMonths} finds in the driving
 * silver tables' change data feed.
 */
final class GoldStage {
  /** The columns of the reserved view {@code quarantine}: no record, no reason text. */
  static final StructType QUARANTINE =
      new StructType()
          .add("source_table", DataTypes.StringType)
          .add("source_key", DataTypes.StringType)
          .add("rule_ids", DataTypes.createArrayType(DataTypes.StringType))
          .add("run_id", DataTypes.StringType)
          .add("quarantined_at", DataTypes.TimestampType)
          .add("released", DataTypes.BooleanType);

  /** The columns of the reserved view {@code quality_runs}: one row per quality report. */
  static final StructType QUALITY_RUNS =
      new StructType()
          .add("run_id", DataTypes.StringType)
          .add("command", DataTypes.StringType)
          .add("status", DataTypes.StringType)
          .add("started_at", DataTypes.TimestampType)
          .add("generated_at", DataTypes.TimestampType)
          .add("reconciliation", DataTypes.StringType)
          .add("rows_received", DataTypes.LongType)
          .add("rows_quarantined", DataTypes.LongType)
          .add("rows_warned", DataTypes.LongType)
          .add("backlog_quarantined", DataTypes.LongType)
          .add("backlog_released", DataTypes.LongType)
          .add("backlog_fixed_later", DataTypes.LongType)
          .add("backlog_open_records", DataTypes.LongType);

  /** The columns of the reserved view {@code quality_rule_failures}: one row per run and rule. */
  static final StructType QUALITY_RULE_FAILURES =
      new StructType()
          .add("run_id", DataTypes.StringType)
          .add("rule_id", DataTypes.StringType)
          .add("source_table", DataTypes.StringType)
          .add("severity", DataTypes.StringType)
          .add("failures", DataTypes.LongType)
          .add("failure_rate", DataTypes.DoubleType);

  /** The input naming the version of the mart's statement. */
  static final String STATEMENT = "statement";

  private static final String SESSION_TIME_ZONE = "spark.sql.session.timeZone";

  private final SparkSession spark;
  private final LakePaths paths;
  private final LakeFiles files;
  private final ZoneId zone;

  /**
   * A stage over the given lake whose days and months are in UTC.
   *
   * @param spark the session
   * @param paths the lake
   * @param files the lake's files, for the quality reports
   */
  public GoldStage(SparkSession spark, LakePaths paths, LakeFiles files) {
    this(spark, paths, files, ZoneOffset.UTC);
  }

  /**
   * A stage over the given lake.
   *
   * @param spark the session
   * @param paths the lake
   * @param files the lake's files, for the quality reports
   * @param zone the zone of the marts' days, weekdays and months: the source's ({@code
   *     source.time-zone}), so that a census is taken at the hospital's midnight
   */
  public GoldStage(SparkSession spark, LakePaths paths, LakeFiles files, ZoneId zone) {
    this.spark = spark;
    this.paths = paths;
    this.files = files;
    this.zone = zone;
  }

  /**
   * The current versions of a mart's inputs.
   *
   * @return per silver entity, {@code <table id>@<version>}, "missing" for a table not written yet;
   *     per reserved view, the versions of what it reads; under {@code statement}, a fingerprint of
   *     the mart's SQL
   */
  public Map<String, String> inputs(GoldMart mart) {
    Map<String, String> inputs = new TreeMap<>();
    for (String entity : mart.silverEntities()) {
      inputs.put(entity, version(paths.silver(entity)));
    }
    // A changed statement gives other rows from the same silver, maybe other columns.
    inputs.put(STATEMENT, fingerprint(mart.sql()));
    for (String view : mart.lakeViews()) {
      if (view.equals("quarantine")) {
        inputs.put(view, version(paths.quarantine()) + "+" + version(paths.quarantineReleases()));
      } else {
        List<String> runs = new QualityReports(files, paths).runIds();
        inputs.put(
            view,
            runs.size()
                + " reports"
                + (runs.isEmpty() ? "" : ", last " + runs.get(runs.size() - 1)));
      }
    }
    return inputs;
  }

  private static String fingerprint(String sql) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(sql.getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java platform has SHA-256", e);
    }
  }

  private String version(String path) {
    if (!DeltaTable.isDeltaTable(spark, path)) {
      return "missing";
    }
    DeltaState state = DeltaState.of(spark, path);
    return state.tableId() + "@" + state.version();
  }

  /** What {@code _carelake/gold/<mart>.json} holds: the inputs of the mart's last build. */
  record BuiltFrom(Map<String, String> inputs) {}

  /**
   * The inputs the mart was last built from.
   *
   * @return their versions as {@link #inputs} gives them, or empty when unknown
   */
  public Optional<Map<String, String>> builtFrom(GoldMart mart, LakeFiles files) {
    if (!DeltaTable.isDeltaTable(spark, paths.gold(mart.name()))) {
      return Optional.empty();
    }
    return files.readJson(inputsPath(mart), BuiltFrom.class).map(BuiltFrom::inputs);
  }

  /** Records the inputs a build of the mart read, after the build committed. */
  public void recordBuiltFrom(GoldMart mart, Map<String, String> inputs, LakeFiles files) {
    files.writeJsonAtomically(inputsPath(mart), new BuiltFrom(inputs));
  }

  private String inputsPath(GoldMart mart) {
    return paths.root() + "/_carelake/gold/" + mart.name() + ".json";
  }

  /** The mart's rows. */
  public Dataset<Row> apply(GoldMart mart) {
    return build(mart, Optional.empty());
  }

  /**
   * The mart's rows of some months, for a mart rebuilt by month ({@link GoldMart#incremental()}):
   * the statement reads only the rows of its driving silver entities whose month is one of them (or
   * whose column is null), and only the rows of those months are returned.
   *
   * @param months the first days of the months
   */
  public Dataset<Row> apply(GoldMart mart, Set<LocalDate> months) {
    GoldMart.Incremental incremental =
        mart.incremental()
            .orElseThrow(
                () -> new IllegalArgumentException(mart.name() + " is not rebuilt by month"));
    return build(mart, Optional.of(months))
        .where(col(incremental.monthColumn()).isin(months.stream().map(Date::valueOf).toArray()));
  }

  private Dataset<Row> build(GoldMart mart, Optional<Set<LocalDate>> months) {
    Optional<GoldMart.Incremental> incremental =
        months.isEmpty() ? Optional.empty() : mart.incremental();
    Map<String, String> drivers = incremental.map(GoldMart.Incremental::drivers).orElse(Map.of());
    Map<String, String> targets = incremental.map(GoldMart.Incremental::targets).orElse(Map.of());
    // Spark fixes the time zone of each date and time expression when it analyses the statement,
    // which spark.sql and a Dataset's where do at once: the rows keep the zone after the session's
    // is restored. The months of the driving rows are taken in the same zone as the mart's.
    Dataset<Row> rows =
        inZone(
            () -> {
              Map<String, Dataset<Row>> views = new LinkedHashMap<>();
              for (String entity : mart.silverEntities()) {
                Dataset<Row> table = silver(entity);
                String column = drivers.get(entity);
                if (column != null && !targets.containsKey(entity)) {
                  table =
                      table.where(
                          monthOf(column)
                              .isin(months.orElseThrow().stream().map(Date::valueOf).toArray())
                              .or(col(column).isNull()));
                }
                views.put(entity, table);
              }
              // A row taking the month of its target's row is read when that row is.
              targets.forEach(
                  (entity, target) -> {
                    String column = drivers.get(entity);
                    Dataset<Row> keys = views.get(target).select(col(column).as("_target_key"));
                    Dataset<Row> table = views.get(entity);
                    views.put(
                        entity,
                        table.join(
                            keys, table.col(column).equalTo(col("_target_key")), "left_semi"));
                  });
              views.forEach((entity, view) -> view.createOrReplaceTempView("silver_" + entity));
              for (String view : mart.lakeViews()) {
                lakeView(view).createOrReplaceTempView(view);
              }
              return spark.sql(mart.sql());
            });
    List<String> selected = Arrays.asList(rows.columns());
    List<String> described = List.copyOf(mart.columns().keySet());
    if (!selected.equals(described)) {
      throw Errors.goldMartColumns(mart.name(), described, selected);
    }
    return rows;
  }

  /**
   * The months a mart's rows depend on that changed between two versions of a driving silver table,
   * from its change data feed: the month of every row inserted, deleted, and of both images of a
   * row updated (an update moving a row from one month to another changes both). For an entity
   * whose rows take the month of a target's row ({@link GoldMart.Incremental#targets()}), the month
   * of the target row each image names now; the target's own feed gives its earlier months. A row
   * of unknown month counts in the declared month, or in none. Runs one small Spark job and
   * collects the distinct months.
   *
   * @param mart a mart rebuilt by month
   * @param entity one of its driving entities
   * @param from the first version whose changes count
   * @param to the last
   * @return the first days of the months, or empty when the feed does not cover the versions
   */
  public Optional<Set<LocalDate>> changedMonths(GoldMart mart, String entity, long from, long to) {
    GoldMart.Incremental incremental = mart.incremental().orElseThrow();
    String column = incremental.drivers().get(entity);
    Optional<Dataset<Row>> feed = ChangeFeed.read(spark, paths.silver(entity), from, to);
    if (feed.isEmpty()) {
      return Optional.empty();
    }
    String target = incremental.targets().get(entity);
    Supplier<Dataset<Row>> query;
    if (target == null) {
      query = () -> feed.get().select(monthOf(column).as("month")).distinct();
    } else {
      // The rows of the target named now: a target row changed in the range brings its earlier
      // month through its own feed, the target being a driver too.
      query =
          () ->
              feed.get()
                  .select(col(column).as("_key"))
                  .distinct()
                  .join(
                      silver(target)
                          .select(
                              col(column).as("_target_key"),
                              monthOf(incremental.drivers().get(target)).as("month")),
                      col("_key").equalTo(col("_target_key")),
                      "left")
                  .select("month")
                  .distinct();
    }
    List<Row> months;
    // Spark raises a job's failure as SparkException, a checked exception Java cannot name here.
    try {
      months = inZone(query).collectAsList();
    } catch (Exception e) {
      if (ChangeFeed.notRecorded(e)) {
        return Optional.empty();
      }
      throw e;
    }
    Set<LocalDate> changed = new TreeSet<>();
    for (Row row : months) {
      if (!row.isNullAt(0)) {
        changed.add(row.get(0) instanceof LocalDate date ? date : row.<Date>getAs(0).toLocalDate());
      } else if (incremental.unknownMonths().containsKey(entity)) {
        changed.add(incremental.unknownMonths().get(entity));
      }
    }
    return Optional.of(changed);
  }

  /** The first day of the month of a date or time column, as the marts take it. */
  private static Column monthOf(String column) {
    return date_trunc("MONTH", col(column)).cast(DataTypes.DateType);
  }

  /** Analyses a query with the session's time zone set to the source's. */
  private Dataset<Row> inZone(Supplier<Dataset<Row>> query) {
    String sessionZone = spark.conf().get(SESSION_TIME_ZONE);
    try {
      spark
          .conf()
          .set(SESSION_TIME_ZONE, zone.normalized().equals(ZoneOffset.UTC) ? "UTC" : zone.getId());
      return query.get();
    } finally {
      spark.conf().set(SESSION_TIME_ZONE, sessionZone);
    }
  }

  /**
   * A silver table as gold reads it: the Delta table with every column silver declares (null where
   * an older table lacks one), or an empty table of those columns when silver has not written it.
   */
  Dataset<Row> silver(String entity) {
    SilverEntity declared = EhrEntities.named(entity).orElseThrow(() -> unknownInput(entity));
    StructType schema = silverSchema(spark, declared);
    String path = paths.silver(entity);
    if (!DeltaTable.isDeltaTable(spark, path)) {
      return spark.createDataFrame(List.of(), schema);
    }
    Dataset<Row> table = spark.read().format("delta").load(path);
    List<String> present = Arrays.asList(table.columns());
    for (StructField field : schema.fields()) {
      if (!present.contains(field.name())) {
        table = table.withColumn(field.name(), lit(null).cast(field.dataType()));
      }
    }
    return table;
  }

  /**
   * The columns silver gives an entity, with their types: its typed columns and silver's metadata,
   * derived by typing an empty bronze table the way the silver step does (no Spark job).
   */
  static StructType silverSchema(SparkSession spark, SilverEntity entity) {
    // The typed columns call carelake's SQL functions; a gold step in a process that ran no silver
    // step has not registered them. Registering them then changes nothing a silver step relies on:
    // each silver step registers its own code set first.
    if (!spark.catalog().functionExists("icd10cm_status")) {
      TerminologyFunctions.register(spark);
    }
    if (!spark.catalog().functionExists("clean_text")) {
      StandardFunctions.register(spark);
    }
    SourceTable table =
        Arrays.stream(SourceTable.values())
            .filter(candidate -> candidate.tableName().equals(entity.table()))
            .findFirst()
            .orElseThrow(() -> unknownInput(entity.name()));
    StructType bronze = new StructType();
    List<String> columns = new ArrayList<>(table.columns());
    columns.add(SourceTable.CREATED_AT);
    columns.add(SourceTable.UPDATED_AT);
    for (String column : columns) {
      bronze = bronze.add(column, DataTypes.StringType);
    }
    bronze =
        bronze
            .add("_run_id", DataTypes.StringType)
            .add("_source_key", DataTypes.StringType)
            .add("_source_position", DataTypes.StringType)
            .add("_operation", DataTypes.StringType)
            .add("_extracted_at", DataTypes.TimestampType);
    SilverStage stage = new SilverStage(entity);
    StructType schema =
        stage
            .upserts(stage.validate(spark.createDataFrame(List.of(), bronze)))
            .drop("_deleted")
            .schema();
    // The HL7 path writes the model record's columns, which for diagnoses also hold the code and
    // coding system as the source sent them; the EHR path leaves those out.
    if (entity.name().equals(EhrEntities.DIAGNOSES.name())) {
      for (StructField field : SilverRows.schema(Diagnosis.class).fields()) {
        if (!Arrays.asList(schema.fieldNames()).contains(field.name())) {
          schema = schema.add(field.name(), field.dataType(), true);
        }
      }
    }
    return schema;
  }

  /** A reserved view: the quarantine without its records, or the data-quality reports. */
  Dataset<Row> lakeView(String view) {
    return switch (view) {
      case "quarantine" -> quarantine();
      case "quality_runs" -> qualityRuns();
      case "quality_rule_failures" -> qualityRuleFailures();
      default -> throw unknownInput(view);
    };
  }

  private Dataset<Row> quarantine() {
    Dataset<Row> rows = new QuarantineSource(spark, paths).withReleases();
    if (rows.columns().length == 0) {
      return spark.createDataFrame(List.of(), QUARANTINE);
    }
    return rows.select(
        col("source_table"),
        col("source_key"),
        col("rule_ids"),
        col("run_id"),
        col("quarantined_at"),
        col("replay_id").isNotNull().as("released"));
  }

  private Dataset<Row> qualityRuns() {
    List<Row> rows = new ArrayList<>();
    for (QualityReport report : reports()) {
      QualityReport.Summary summary = report.summary();
      QualityReport.Backlog backlog = report.backlog();
      rows.add(
          RowFactory.create(
              report.runId(),
              report.command(),
              report.status(),
              timestamp(report.startedAt()),
              timestamp(report.generatedAt()),
              report.reconciliation() == null ? null : report.reconciliation().outcome(),
              summary == null ? null : summary.received(),
              summary == null ? null : summary.quarantined(),
              summary == null ? null : summary.warned(),
              backlog == null ? null : backlog.quarantined(),
              backlog == null ? null : backlog.released(),
              backlog == null ? null : backlog.fixedLater(),
              backlog == null ? null : backlog.openKeys()));
    }
    return spark.createDataFrame(rows, QUALITY_RUNS);
  }

  private Dataset<Row> qualityRuleFailures() {
    List<Row> rows = new ArrayList<>();
    for (QualityReport report : reports()) {
      for (QualityReport.RuleFailures rule : report.rules()) {
        rows.add(
            RowFactory.create(
                report.runId(),
                rule.ruleId(),
                rule.table(),
                rule.severity(),
                rule.failures(),
                rule.rate()));
      }
    }
    return spark.createDataFrame(rows, QUALITY_RULE_FAILURES);
  }

  private List<QualityReport> reports() {
    QualityReports reports = new QualityReports(files, paths);
    return reports.runIds().stream().map(id -> reports.find(id).orElseThrow()).toList();
  }

  private static RuntimeException unknownInput(String name) {
    return Errors.goldMartInput(
        name, EhrEntities.ALL.stream().map(SilverEntity::name).toList(), GoldMart.LAKE_VIEWS);
  }

  private static Timestamp timestamp(String iso) {
    return iso == null || iso.isBlank() ? null : Timestamp.from(Instant.parse(iso));
  }
}
