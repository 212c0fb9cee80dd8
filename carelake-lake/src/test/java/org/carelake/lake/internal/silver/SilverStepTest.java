package org.carelake.lake.internal.silver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.carelake.config.CarelakeConfig;
import org.carelake.config.SparkSettings;
import org.carelake.lake.Lake;
import org.carelake.lake.LakePaths;
import org.carelake.lake.internal.LakeSession;
import org.carelake.lake.silver.EhrEntities;
import org.carelake.lake.silver.StandardFunctions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One entity's silver step on local Spark, against Delta tables in a temporary folder. */
class SilverStepTest {
  private static final String PATIENT_COLUMNS =
      "patient_id,mrn,given_name,family_name,birth_date,sex,address_line,city,state,zip,phone,"
          + "email,ssn,deceased_date,created_at,updated_at";

  @TempDir Path folder;

  private SparkSession spark() {
    SparkSession spark =
        LakeSession.getOrCreate(new SparkSettings("local[2]", 2), folder.resolve("spark"));
    StandardFunctions.register(spark);
    return spark;
  }

  private static Object[] patient(long id, String mrn, String given, String runId) {
    return new Object[] {
      String.valueOf(id),
      mrn,
      given,
      "Rivera",
      "1980-02-14",
      "female",
      "12 Elm Street",
      "Boston",
      "MA",
      "02108",
      "617-555-0142",
      null,
      "999-12-3456",
      null,
      "2021-01-01 00:00:00+00",
      "2021-02-01 10:00:00+00",
      runId,
      "ehr.patients",
      String.valueOf(id),
      "ehr.patients:patient_id=" + id,
      "update",
      new Timestamp(System.currentTimeMillis())
    };
  }

  private Dataset<Row> bronze(Object[]... rows) {
    StructType schema = new StructType();
    for (String column : PATIENT_COLUMNS.split(",")) {
      schema = schema.add(column, DataTypes.StringType);
    }
    schema =
        schema
            .add("_run_id", DataTypes.StringType)
            .add("_source_table", DataTypes.StringType)
            .add("_source_key", DataTypes.StringType)
            .add("_source_position", DataTypes.StringType)
            .add("_operation", DataTypes.StringType)
            .add("_extracted_at", DataTypes.TimestampType);
    List<Row> list = new ArrayList<>();
    for (Object[] row : rows) {
      list.add(RowFactory.create(row));
    }
    return spark().createDataFrame(list, schema);
  }

  /**
   * Silver patients written before the entity had {@code person_id}: the next run's step adds the
   * column before person matching reads the stored patients, and gives the second registration of a
   * person, and the first, one person id.
   */
  @Test
  void patientsWrittenBeforePersonIdsGainTheColumnAndTheNextRunMatchesRegistrations() {
    SparkSession spark = spark();
    LakePaths paths = LakePaths.of(folder.resolve("lake").toUri());
    SilverStage stage = new SilverStage(EhrEntities.PATIENTS);
    stage
        .upserts(stage.validate(bronze(patient(1, "MRN1", "Maria", "000001-a"))))
        .drop("_deleted", "person_id")
        .write()
        .format("delta")
        .save(paths.silver("patients"));
    Dataset<Row> increment = bronze(patient(2, "MRN2", "Mariah", "000002-b"));
    Lake lake =
        Lake.open(
            CarelakeConfig.fromEnvironment(
                Map.of(
                    "CARELAKE_DATA_DIR", folder.toString(),
                    "CARELAKE_LAKE_URI", paths.root())));

    SilverStep.Result result =
        new SilverStep(lake, EhrEntities.PATIENTS, ZoneOffset.UTC, Duration.ofDays(1))
            .apply(
                spark,
                paths,
                "000002-b",
                2,
                Instant.parse("2021-03-01T00:00:00Z"),
                table -> table.equals("patients") ? Optional.of(increment) : Optional.empty());

    assertThat(result.counts()).containsEntry("upserted", 1L).containsEntry("matched", 1L);
    Map<Long, Long> persons = new TreeMap<>();
    spark
        .read()
        .format("delta")
        .load(paths.silver("patients"))
        .collectAsList()
        .forEach(row -> persons.put(row.getAs("patient_id"), row.getAs("person_id")));
    assertThat(persons).containsExactly(Map.entry(1L, 1L), Map.entry(2L, 1L));
  }
}
