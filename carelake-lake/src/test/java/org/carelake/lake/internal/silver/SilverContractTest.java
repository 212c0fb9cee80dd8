package org.carelake.lake.internal.silver;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.carelake.lake.silver.EhrEntities;
import org.carelake.lake.silver.SilverEntity;
import org.carelake.model.Allergy;
import org.carelake.model.Appointment;
import org.carelake.model.Encounter;
import org.carelake.model.Facility;
import org.carelake.model.Immunization;
import org.carelake.model.LabResult;
import org.carelake.model.Observation;
import org.carelake.model.Organization;
import org.carelake.model.Patient;
import org.carelake.model.Practitioner;
import org.carelake.model.Prescription;
import org.carelake.model.Problem;
import org.carelake.model.Procedure;
import org.junit.jupiter.api.Test;

/**
 * Silver's columns are the model records' components in snake_case, with matching types: the
 * contract the HL7 path and FHIR mapping rely on (see {@code org.carelake.model}).
 */
class SilverContractTest {
  private static final Map<SilverEntity, Class<? extends Record>> MODELS =
      Map.ofEntries(
          Map.entry(EhrEntities.ORGANIZATIONS, Organization.class),
          Map.entry(EhrEntities.FACILITIES, Facility.class),
          Map.entry(EhrEntities.PRACTITIONERS, Practitioner.class),
          Map.entry(EhrEntities.PATIENTS, Patient.class),
          Map.entry(EhrEntities.ENCOUNTERS, Encounter.class),
          Map.entry(EhrEntities.PROBLEMS, Problem.class),
          Map.entry(EhrEntities.ALLERGIES, Allergy.class),
          Map.entry(EhrEntities.PRESCRIPTIONS, Prescription.class),
          Map.entry(EhrEntities.LAB_RESULTS, LabResult.class),
          Map.entry(EhrEntities.APPOINTMENTS, Appointment.class),
          Map.entry(EhrEntities.OBSERVATIONS, Observation.class),
          Map.entry(EhrEntities.IMMUNIZATIONS, Immunization.class),
          Map.entry(EhrEntities.PROCEDURES, Procedure.class));

  @Test
  void everyEntityButDiagnosesHasAModelRecord() {
    assertThat(EhrEntities.ALL)
        .filteredOn(entity -> !entity.name().equals("diagnoses"))
        .allMatch(MODELS::containsKey);
  }

  @Test
  void everyEntityHasTheColumnsAndTypesOfItsModelRecordInOrder() {
    MODELS.forEach(
        (entity, model) -> {
          StructType schema =
              new SilverStage(entity)
                  .upserts(
                      new SilverStage(entity)
                          .validate(
                              SparkTests.spark()
                                  .createDataFrame(List.of(), bronzeSchema(entity, model))))
                  .schema();
          List<String> expected = new ArrayList<>();
          List<String> actual = new ArrayList<>();
          for (RecordComponent component : model.getRecordComponents()) {
            String name = snakeCase(component.getName());
            expected.add(name + " " + sparkType(component.getType()).simpleString());
            StructField field = schema.apply(name);
            actual.add(field.name() + " " + field.dataType().simpleString());
          }
          assertThat(actual).as(entity.name()).containsExactlyElementsOf(expected);
          assertThat(List.of(schema.fieldNames()).subList(0, expected.size()))
              .as("%s column order", entity.name())
              .containsExactlyElementsOf(expected.stream().map(c -> c.split(" ")[0]).toList());
        });
  }

  private static StructType bronzeSchema(SilverEntity entity, Class<? extends Record> model) {
    StructType schema = new StructType();
    for (RecordComponent component : model.getRecordComponents()) {
      schema = schema.add(snakeCase(component.getName()), DataTypes.StringType);
    }
    // Source columns named differently from the silver ones.
    for (String extra : List.of("sex", "created_at", "updated_at")) {
      if (!List.of(schema.fieldNames()).contains(extra)) {
        schema = schema.add(extra, DataTypes.StringType);
      }
    }
    return schema
        .add("_run_id", DataTypes.StringType)
        .add("_source_key", DataTypes.StringType)
        .add("_source_position", DataTypes.StringType)
        .add("_operation", DataTypes.StringType)
        .add("_extracted_at", DataTypes.TimestampType);
  }

  private static String snakeCase(String name) {
    return name.replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT);
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
}
