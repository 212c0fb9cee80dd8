package org.carelake.lake.hl7;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
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
import org.carelake.lake.fhir.SilverRows;
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
 * id>/<segment>}, so nothing a message carries is dropped. {@link #upserts} turns the readings of
 * one entity into silver rows, one per key, its latest MSH-7 (patients field by field: a sparse PID
 * of an ORU or SIU message never blanks what an ADT registration gave); {@link #quarantined} into
 * quarantine records. No side effects.
 */
public final class Hl7SilverStage {
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
            .add("reasons", DataTypes.createArrayType(DataTypes.StringType));
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
   * The silver rows of one entity: its columns plus silver's metadata, one row per key. For
   * patients each column takes the latest non-null value among the key's rows, since the PID of an
   * ORU or SIU message is often sparse and must not replace a fuller registration with nulls.
   */
  public static Dataset<Row> upserts(Dataset<Row> readings, Target target) {
    Dataset<Row> rows =
        readings.where(col("entity").equalTo(target.table())).withColumn("r", col(target.table()));
    List<Column> columns = new ArrayList<>();
    if (target == Target.PATIENTS) {
      WindowSpec all =
          Window.partitionBy(col("r." + target.keyColumn()))
              .orderBy(col("source_updated_at").asc_nulls_first(), col("source_position").asc())
              .rowsBetween(Window.unboundedPreceding(), Window.unboundedFollowing());
      for (String name : target.schema().fieldNames()) {
        rows = rows.withColumn("_latest_" + name, last(col("r." + name), true).over(all));
        columns.add(col("_latest_" + name).as(name));
      }
    } else {
      for (String name : target.schema().fieldNames()) {
        columns.add(col("r." + name).as(name));
      }
    }
    columns.add(col("warnings").as("_warnings"));
    columns.add(col("source_updated_at").as("_source_updated_at"));
    columns.add(col("source_position").as("_source_position"));
    columns.add(col("run_id").as("_run_id"));
    return rows.withColumn(
            "_version",
            row_number()
                .over(
                    Window.partitionBy(col("r." + target.keyColumn()))
                        .orderBy(
                            col("source_updated_at").desc_nulls_last(),
                            col("source_position").desc())))
        .where(col("_version").equalTo(1))
        .select(columns.toArray(Column[]::new));
  }

  /**
   * The rows of one entity as the database path's bronze rows, so that {@link
   * org.carelake.lake.silver.SilverStage} types, standardizes and validates them by the entity's
   * declared rules ({@link org.carelake.lake.silver.EhrEntities}) as it does the EHR's rows: every
   * silver column as text under its source name (the two are the same for encounters, appointments
   * and lab results), {@code updated_at} from MSH-7, the control id as the source key, and bronze's
   * metadata.
   */
  public static Dataset<Row> asBronze(Dataset<Row> readings, Target target) {
    List<Column> columns = new ArrayList<>();
    for (String name : target.schema().fieldNames()) {
      columns.add(col(target.table() + "." + name).cast(DataTypes.StringType).as(name));
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

  /**
   * Puts back on rows that passed the declared rules the columns HL7 gives and the database path
   * does not (the entity declares them as {@code CAST(NULL ...)}: an appointment's end, placer and
   * filler ids), from the reading of the version each row kept.
   *
   * @param upserts the rows {@link org.carelake.lake.silver.SilverStage#upserts} kept
   * @param readings the readings they came from
   * @param target the entity
   * @param declared the entity's typed columns
   */
  public static Dataset<Row> withHl7Columns(
      Dataset<Row> upserts,
      Dataset<Row> readings,
      Target target,
      java.util.Map<String, String> declared) {
    List<String> extras = new ArrayList<>();
    for (String name : target.schema().fieldNames()) {
      String expression = declared.get(name);
      if (expression != null && expression.startsWith("CAST(NULL")) {
        extras.add(name);
      }
    }
    if (extras.isEmpty()) {
      return upserts;
    }
    List<Column> picked = new ArrayList<>();
    picked.add(col(target.table() + "." + target.keyColumn()).as("_hl7_key"));
    picked.add(col("source_position").as("_hl7_position"));
    extras.forEach(name -> picked.add(col(target.table() + "." + name).as("_hl7_" + name)));
    Dataset<Row> given =
        readings.where(col("entity").equalTo(target.table())).select(picked.toArray(Column[]::new));
    Dataset<Row> joined =
        upserts
            .join(
                given,
                upserts
                    .col(target.keyColumn())
                    .equalTo(given.col("_hl7_key"))
                    .and(upserts.col("_source_position").equalTo(given.col("_hl7_position"))),
                "left")
            .dropDuplicates(new String[] {target.keyColumn()});
    List<Column> columns = new ArrayList<>();
    for (String name : upserts.columns()) {
      columns.add(extras.contains(name) ? col("_hl7_" + name).as(name) : upserts.col(name));
    }
    return joined.select(columns.toArray(Column[]::new));
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

  /** Whether a reading row marks a message that mapped without errors (one per such message). */
  public static Column isMapped() {
    return col("entity").equalTo(MAPPED);
  }

  /** Whether a reading row is a quarantined message. */
  public static Column isQuarantine() {
    return col("entity").equalTo(QUARANTINE);
  }

  /** Whether a reading row is a rejected record of a mapped message, bound for quarantine. */
  public static Column isRejected() {
    return col("entity").equalTo(REJECTED);
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
                  seq(reading.errorLines())));
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
                seq(List.of())));
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
                  seq(rejection.reasonLines())));
        }
        add(
            out,
            Target.PATIENTS,
            records.patients(),
            controlId,
            version,
            position,
            runId,
            warnings);
        add(
            out,
            Target.ENCOUNTERS,
            records.encounters(),
            controlId,
            version,
            position,
            runId,
            warnings);
        add(
            out,
            Target.DIAGNOSES,
            records.diagnoses(),
            controlId,
            version,
            position,
            runId,
            warnings);
        add(
            out,
            Target.APPOINTMENTS,
            records.appointments(),
            controlId,
            version,
            position,
            runId,
            warnings);
        add(
            out,
            Target.LAB_RESULTS,
            records.labResults(),
            controlId,
            version,
            position,
            runId,
            warnings);
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
        List<String> warnings) {
      for (Record record : records) {
        out.add(
            reading(
                target,
                typed(record),
                target.table(),
                null,
                controlId,
                version,
                position,
                runId,
                seq(warnings),
                seq(List.of()),
                seq(List.of())));
      }
    }
  }
}
