package org.carelake.lake.internal.hl7;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.last;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;

import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.carelake.hl7.Hl7Problem;
import org.carelake.hl7.Hl7Reader;
import org.carelake.hl7.Hl7Reading;
import org.carelake.hl7.Hl7Records;
import org.carelake.hl7.Hl7Rejection;
import org.carelake.hl7.Hl7Unparsed;
import org.carelake.lake.internal.fhir.SilverRows;
import org.carelake.model.Appointment;
import org.carelake.model.Diagnosis;
import org.carelake.model.Encounter;
import org.carelake.model.LabResult;
import org.carelake.model.Patient;

/**
 * The silver transform of HL7 messages: a pure function of a bronze increment of {@code
 * hl7_messages}.
 *
 * <p>{@link #read} parses and maps every message in {@code mapPartitions}, with one {@link
 * Hl7Reader} per executor thread (built once, reused for every message), into readings: one row per
 * mapped record (entity, the record in its entity's typed column, MSH-7 as the source version,
 * warnings) or, for a message with errors, one quarantine row (the located reasons and the raw
 * text); a record of a mapped message that could not be mapped (a DG1 without a code, an OBX whose
 * value does not fit its type) is one quarantine row of its own, keyed {@code <control
 * id>/<segment>}, so nothing a message carries is dropped. A value the mapper could not type and
 * left for silver's rules (a PID-7 that is not a date) travels as sent in {@code as_sent}. {@link
 * #asBronze} turns the readings of one entity into the database path's bronze rows, so that {@link
 * org.carelake.lake.internal.silver.SilverStage} types, standardizes and validates them by the
 * entity's declared rules; {@link #latestFieldByField} folds a patient's valid rows into one, field
 * by field (a sparse PID of an ORU or SIU message never blanks what an ADT registration gave);
 * {@link #quarantined} turns the readings of messages with errors into quarantine records and
 * {@link #located} puts the HL7 field a declared rule judges in front of its reason. No side
 * effects.
 */
final class Hl7SilverStage {
  /** The silver entities HL7 messages map to, with their key columns. */
  public enum Target {
    /** silver/patients. */
    PATIENTS("patients", "patient_id", Patient.class),
    /** silver/encounters. */
    ENCOUNTERS("encounters", "encounter_id", Encounter.class),
    /** silver/diagnoses. */
    DIAGNOSES("diagnoses", "diagnosis_id", Diagnosis.class),
    /** silver/appointments. */
    APPOINTMENTS("appointments", "appointment_id", Appointment.class),
    /** silver/lab_results. */
    LAB_RESULTS("lab_results", "lab_result_id", LabResult.class);

    private final String table;
    private final String keyColumn;
    private final Class<? extends Record> type;

    Target(String table, String keyColumn, Class<? extends Record> type) {
      this.table = table;
      this.keyColumn = keyColumn;
      this.type = type;
    }

    /** The silver table's name. */
    public String table() {
      return table;
    }

    /** The business key. */
    public String keyColumn() {
      return keyColumn;
    }

    /** The silver columns of the model record, in order, with their Spark types. */
    public StructType schema() {
      StructType schema = new StructType();
      for (RecordComponent component : type.getRecordComponents()) {
        schema = schema.add(snakeCase(component.getName()), sparkType(component.getType()));
      }
      return schema;
    }
  }

  /** The quarantine's name for the HL7 source table. */
  public static final String SOURCE_TABLE = "hl7.messages";

  private static final String QUARANTINE = "_quarantine";
  private static final String REJECTED = "_rejected";
  private static final String MAPPED = "_mapped";

  /** One reading per row. */
  public static final StructType READINGS = readings();

  private static StructType readings() {
    StructType schema =
        new StructType()
            .add("entity", DataTypes.StringType)
            .add("record", DataTypes.StringType)
            .add("source_key", DataTypes.StringType)
            .add("source_updated_at", DataTypes.TimestampType)
            .add("source_position", DataTypes.StringType)
            .add("run_id", DataTypes.StringType)
            .add("warnings", DataTypes.createArrayType(DataTypes.StringType))
            .add("rule_ids", DataTypes.createArrayType(DataTypes.StringType))
            .add("reasons", DataTypes.createArrayType(DataTypes.StringType))
            .add("as_sent", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType));
    // One typed column per entity, set on the rows of that entity: no JSON round trip.
    for (Target target : Target.values()) {
      schema = schema.add(target.table(), target.schema());
    }
    return schema;
  }

  private Hl7SilverStage() {}

  /** Parses and maps a bronze increment of {@code hl7_messages}; see the class comment. */
  public static Dataset<Row> read(Dataset<Row> bronze) {
    return bronze
        .select("message_control_id", "raw_text", "_source_position", "_run_id")
        .mapPartitions(new ReadPartition(), Encoders.row(READINGS));
  }

  /**
   * How many readings of each kind: messages mapped, messages quarantined whole, rejected records,
   * and records per target. One Spark job.
   *
   * @param mapped messages that mapped without errors
   * @param quarantined messages quarantined whole
   * @param rejected records of mapped messages that could not be mapped
   * @param records mapped records per target
   */
  public record Counts(
      long mapped, long quarantined, long rejected, java.util.Map<Target, Long> records) {
    /** Counts the readings. */
    public static Counts of(Dataset<Row> readings) {
      java.util.Map<String, Long> byEntity = new java.util.HashMap<>();
      for (Row row : readings.groupBy("entity").count().collectAsList()) {
        byEntity.put(row.getString(0), row.getLong(1));
      }
      java.util.Map<Target, Long> records = new java.util.EnumMap<>(Target.class);
      for (Target target : Target.values()) {
        records.put(target, byEntity.getOrDefault(target.table(), 0L));
      }
      return new Counts(
          byEntity.getOrDefault(MAPPED, 0L),
          byEntity.getOrDefault(QUARANTINE, 0L),
          byEntity.getOrDefault(REJECTED, 0L),
          records);
    }
  }

  /**
   * The rows of one entity as the database path's bronze rows, so that {@link
   * org.carelake.lake.internal.silver.SilverStage} types, standardizes and validates them by the
   * entity's declared rules ({@link org.carelake.lake.silver.EhrEntities}) as it does the EHR's
   * rows: every column the mapper gives as text under its source name (a patient's {@code
   * administrative_gender} is the source's {@code sex}, a diagnosis's code as entered its {@code
   * icd10_code}), the text as sent where the mapper could not type it, {@code updated_at} from
   * MSH-7, the control id as the source key, and bronze's metadata. Columns silver derives itself
   * (the ICD-10-CM classification) are left out.
   */
  public static Dataset<Row> asBronze(Dataset<Row> readings, Target target) {
    List<Column> columns = new ArrayList<>();
    for (String name : target.schema().fieldNames()) {
      if (target == Target.DIAGNOSES && DERIVED_DIAGNOSIS_COLUMNS.contains(name)) {
        continue;
      }
      Column typed = col(target.table() + "." + name).cast(DataTypes.StringType);
      columns.add(
          org.apache
              .spark
              .sql
              .functions
              .coalesce(col("as_sent").getItem(name), typed)
              .as(sourceName(target, name)));
    }
    columns.add(col("source_updated_at").cast(DataTypes.StringType).as("updated_at"));
    columns.add(col("run_id").as("_run_id"));
    columns.add(col("source_key").as("_source_key"));
    columns.add(col("source_position").as("_source_position"));
    columns.add(current_timestamp().as("_extracted_at"));
    columns.add(lit(null).cast(DataTypes.StringType).as("_operation"));
    return readings
        .where(col("entity").equalTo(target.table()))
        .select(columns.toArray(Column[]::new));
  }

  /** The diagnosis columns silver derives from the code as entered, never taken from the mapper. */
  private static final List<String> DERIVED_DIAGNOSIS_COLUMNS =
      List.of(
          "icd10_code",
          "icd10_code_dotted",
          "icd10_code_status",
          "icd10_chapter",
          "icd10_chapter_title",
          "icd10_description");

  private static String sourceName(Target target, String name) {
    if (target == Target.PATIENTS && name.equals("administrative_gender")) {
      return "sex";
    }
    if (target == Target.DIAGNOSES && name.equals("icd10_code_as_entered")) {
      return "icd10_code";
    }
    return name;
  }

  /**
   * Puts back on validated rows the columns HL7 gives and the database path does not (the entity
   * declares them as {@code CAST(NULL ...)}: an appointment's end, placer and filler ids, a
   * patient's other given names and identifiers), from the row as received ({@code _raw}).
   *
   * @param validated rows {@link org.carelake.lake.internal.silver.SilverStage#validate} typed
   * @param target the entity
   * @param declared the entity's typed columns
   */
  public static Dataset<Row> withHl7Columns(
      Dataset<Row> validated, Target target, java.util.Map<String, String> declared) {
    Dataset<Row> rows = validated;
    for (org.apache.spark.sql.types.StructField field : target.schema().fields()) {
      String expression = declared.get(field.name());
      if (expression != null && expression.startsWith("CAST(NULL")) {
        rows = rows.withColumn(field.name(), col("_raw." + field.name()).cast(field.dataType()));
      }
    }
    return rows;
  }

  /**
   * One row per key of the valid rows of one entity, each column the latest non-null value among
   * the key's rows by MSH-7 (then by position in the feed), and silver's metadata of the latest
   * row. A patient's PID in an ORU or SIU message is often sparse and must not replace a fuller
   * registration with nulls.
   *
   * <p>The window is planned over the columns of its input: give it a checkpointed input ({@code
   * localCheckpoint()}), since on a deep plan Spark's planner runs out of memory.
   *
   * @param valid rows with the entity's typed columns and silver's metadata ({@link
   *     org.carelake.lake.internal.silver.SilverStage#METADATA}), none failing an error rule
   * @param columns the entity's columns, key first
   * @param keyColumn the business key
   */
  public static Dataset<Row> latestFieldByField(
      Dataset<Row> valid, List<String> columns, String keyColumn) {
    WindowSpec all =
        Window.partitionBy(col(keyColumn))
            .orderBy(col("_source_updated_at").asc_nulls_first(), col("_source_position").asc())
            .rowsBetween(Window.unboundedPreceding(), Window.unboundedFollowing());
    List<Column> picked = new ArrayList<>();
    for (String name : columns) {
      picked.add(name.equals(keyColumn) ? col(name) : last(col(name), true).over(all).as(name));
    }
    for (String name : org.carelake.lake.internal.silver.SilverStage.METADATA) {
      picked.add(col(name));
    }
    picked.add(
        row_number()
            .over(
                Window.partitionBy(col(keyColumn))
                    .orderBy(
                        col("_source_updated_at").desc_nulls_last(),
                        col("_source_position").desc()))
            .as("_version"));
    return valid
        .select(picked.toArray(Column[]::new))
        .where(col("_version").equalTo(1))
        .drop("_version");
  }

  /**
   * Quarantine records of a declared rule with the HL7 field each rule judges in front of its
   * reason ({@code PID-7: birth_date is not a date}), as HL7's own reasons are located; a rule of
   * no single field keeps its reason as declared. No reason quotes a value.
   */
  public static Dataset<Row> located(Dataset<Row> quarantine) {
    StringBuilder cases = new StringBuilder("CASE id");
    RULE_FIELDS.forEach(
        (rule, field) ->
            cases.append(" WHEN '").append(rule).append("' THEN '").append(field).append("'"));
    cases.append(" END");
    return quarantine.withColumn(
        "reasons",
        expr(
            "zip_with(rule_ids, reasons, (id, reason) -> coalesce(concat("
                + cases
                + ", ': ', reason), reason))"));
  }

  /** The HL7 v2.5.1 field each declared rule of an HL7 entity judges, where there is one. */
  private static final java.util.Map<String, String> RULE_FIELDS = ruleFields();

  private static java.util.Map<String, String> ruleFields() {
    java.util.Map<String, String> fields = new java.util.LinkedHashMap<>();
    fields.put("PAT-001", "PID-3");
    fields.put("PAT-002", "PID-3");
    fields.put("PAT-003", "PID-7");
    fields.put("PAT-004", "PID-7");
    fields.put("PAT-005", "PID-29");
    fields.put("PAT-008", "PID-7");
    fields.put("PAT-009", "PID-29");
    fields.put("PAT-010", "PID-29");
    fields.put("DX-002", "PV1-19");
    fields.put("DX-003", "DG1-3");
    fields.put("DX-004", "DG1-5");
    fields.put("DX-005", "DG1-5");
    fields.put("ENC-003", "PV1-44");
    fields.put("ENC-004", "PV1-45");
    fields.put("ENC-005", "PV1-45");
    fields.put("ENC-006", "PV1-44");
    fields.put("ENC-007", "PV1-2");
    fields.put("LAB-003", "OBX-3");
    fields.put("LAB-004", "OBX-3");
    fields.put("LAB-005", "OBX-5");
    fields.put("LAB-006", "OBX-6");
    return java.util.Collections.unmodifiableMap(fields);
  }

  /**
   * The messages with errors and the rejected records of mapped messages, as quarantine records
   * (the lake's quarantine columns).
   */
  public static Dataset<Row> quarantined(Dataset<Row> readings) {
    return readings
        .where(col("entity").isin(QUARANTINE, REJECTED))
        .select(
            lit(SOURCE_TABLE).as("source_table"),
            col("source_key"),
            col("rule_ids"),
            col("reasons"),
            col("record"),
            col("run_id"),
            col("source_position"),
            current_timestamp().as("quarantined_at"));
  }

  /**
   * The messages quarantined whole (they do not parse or map), for a dead-letter topic: {@code
   * control_id}, {@code raw_text}, {@code reasons} (located, one per problem) and {@code
   * source_position}.
   */
  public static Dataset<Row> deadLetters(Dataset<Row> readings) {
    return readings
        .where(col("entity").equalTo(QUARANTINE))
        .select(
            col("source_key").as("control_id"),
            col("record").as("raw_text"),
            col("reasons"),
            col("source_position"));
  }

  /**
   * The rows with the columns of an existing silver table, in its order: a column the table has and
   * the rows lack is null; a column the rows have and the table lacks is left out, because silver
   * does not change its schema on the fly (the database path defines it).
   */
  public static Dataset<Row> alignTo(Dataset<Row> rows, StructType table) {
    List<String> present = List.of(rows.columns());
    List<Column> columns = new ArrayList<>();
    for (org.apache.spark.sql.types.StructField field : table.fields()) {
      columns.add(
          present.contains(field.name())
              ? col(field.name()).cast(field.dataType()).as(field.name())
              : lit(null).cast(field.dataType()).as(field.name()));
    }
    return rows.select(columns.toArray(Column[]::new));
  }

  static String snakeCase(String name) {
    StringBuilder text = new StringBuilder();
    for (char c : name.toCharArray()) {
      if (Character.isUpperCase(c)) {
        text.append('_').append(Character.toLowerCase(c));
      } else {
        text.append(c);
      }
    }
    return text.toString();
  }

  private static DataType sparkType(Class<?> type) {
    if (type == long.class || type == Long.class) {
      return DataTypes.LongType;
    }
    if (type == int.class || type == Integer.class) {
      return DataTypes.IntegerType;
    }
    if (type == LocalDate.class) {
      return DataTypes.DateType;
    }
    if (type == Instant.class) {
      return DataTypes.TimestampType;
    }
    if (type == BigDecimal.class) {
      return DataTypes.createDecimalType(18, 6);
    }
    return DataTypes.StringType;
  }

  /** Reads one partition with this thread's reader. */
  private static final class ReadPartition implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    /** One reader per executor thread: built once per JVM thread, reused for every message. */
    private static final ThreadLocal<Hl7Reader> READER = ThreadLocal.withInitial(Hl7Reader::new);

    @Override
    public Iterator<Row> call(Iterator<Row> messages) {
      Hl7Reader reader = READER.get();
      List<Row> out = new ArrayList<>();
      while (messages.hasNext()) {
        Row message = messages.next();
        String controlId = message.getString(0);
        String text = message.getString(1);
        String position = message.getString(2);
        String runId = message.getString(3);
        Hl7Reading reading = reader.read(text);
        if (!reading.isValid()) {
          List<String> ruleIds =
              reading.errors().stream()
                  .map(problem -> "HL7:" + problem.location())
                  .distinct()
                  .collect(Collectors.toList());
          out.add(
              reading(
                  null,
                  null,
                  QUARANTINE,
                  text,
                  controlId,
                  reading.sentAt().map(Timestamp::from).orElse(null),
                  position,
                  runId,
                  seq(List.of()),
                  seq(ruleIds),
                  seq(reading.errorLines()),
                  null));
          continue;
        }
        Timestamp version = Timestamp.from(reading.sentAt().orElseThrow());
        List<String> warnings =
            reading.warnings().stream().map(Hl7Problem::toString).collect(Collectors.toList());
        out.add(
            reading(
                null,
                null,
                MAPPED,
                null,
                controlId,
                version,
                position,
                runId,
                seq(warnings),
                seq(List.of()),
                seq(List.of()),
                null));
        Hl7Records records = reading.records();
        for (Hl7Rejection rejection : records.rejected()) {
          out.add(
              reading(
                  null,
                  null,
                  REJECTED,
                  text,
                  controlId + "/" + rejection.segment(),
                  version,
                  position,
                  runId,
                  seq(warnings),
                  seq(
                      rejection.problems().stream()
                          .map(problem -> "HL7:" + problem.location())
                          .distinct()
                          .collect(Collectors.toList())),
                  seq(rejection.reasonLines()),
                  null));
        }
        add(
            out,
            Target.PATIENTS,
            records.patients(),
            controlId,
            version,
            position,
            runId,
            warnings,
            records.unparsed());
        add(
            out,
            Target.ENCOUNTERS,
            records.encounters(),
            controlId,
            version,
            position,
            runId,
            warnings,
            records.unparsed());
        add(
            out,
            Target.DIAGNOSES,
            records.diagnoses(),
            controlId,
            version,
            position,
            runId,
            warnings,
            records.unparsed());
        add(
            out,
            Target.APPOINTMENTS,
            records.appointments(),
            controlId,
            version,
            position,
            runId,
            warnings,
            records.unparsed());
        add(
            out,
            Target.LAB_RESULTS,
            records.labResults(),
            controlId,
            version,
            position,
            runId,
            warnings,
            records.unparsed());
      }
      return out.iterator();
    }

    /** A readings row: the common columns, then the entity's typed record in its own column. */
    private static Row reading(Target target, Row typed, Object... common) {
      Object[] values = java.util.Arrays.copyOf(common, common.length + Target.values().length);
      if (target != null) {
        values[common.length + target.ordinal()] = typed;
      }
      return RowFactory.create(values);
    }

    /** A model record as a row of its target's schema, in Spark's external types. */
    private static Row typed(Record record) {
      return SilverRows.toRow(record);
    }

    /** Spark's external type for an array column is a Scala Seq, not a java.util.List. */
    private static scala.collection.immutable.Seq<String> seq(List<String> list) {
      return scala.jdk.javaapi.CollectionConverters.asScala(list).toList();
    }

    private static void add(
        List<Row> out,
        Target target,
        List<? extends Record> records,
        String controlId,
        Timestamp version,
        String position,
        String runId,
        List<String> warnings,
        List<Hl7Unparsed> unparsed) {
      for (Record record : records) {
        Row typed = typed(record);
        out.add(
            reading(
                target,
                typed,
                target.table(),
                null,
                controlId,
                version,
                position,
                runId,
                seq(warnings),
                seq(List.of()),
                seq(List.of()),
                asSent(unparsed, target, typed.get(0))));
      }
    }

    /** The texts as sent of the record's values the mapper could not type, by column; or null. */
    private static scala.collection.Map<String, String> asSent(
        List<Hl7Unparsed> unparsed, Target target, Object key) {
      java.util.Map<String, String> texts = new java.util.HashMap<>();
      for (Hl7Unparsed value : unparsed) {
        if (value.entity().equals(target.table())
            && key instanceof Number number
            && number.longValue() == value.key()) {
          texts.put(value.column(), value.asSent());
        }
      }
      return texts.isEmpty() ? null : scala.jdk.javaapi.CollectionConverters.asScala(texts);
    }
  }
}
