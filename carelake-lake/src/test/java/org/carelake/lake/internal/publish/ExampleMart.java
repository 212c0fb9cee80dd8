package org.carelake.lake.internal.publish;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.carelake.lake.gold.GoldMart;

/**
 * A mart made up for the publish tests, independent of the marts carelake ships: a date key, two
 * text keys, and one column of each other type gold holds, with a comment that quotes.
 */
final class ExampleMart {
  private ExampleMart() {}

  static final GoldMart MART = mart("stays_by_month");

  /** Its Delta schema. */
  static final StructType TYPES =
      new StructType()
          .add("discharge_month", DataTypes.DateType)
          .add("facility", DataTypes.StringType)
          .add("encounter_class", DataTypes.StringType)
          .add("stays", DataTypes.LongType)
          .add("mean_days", DataTypes.DoubleType)
          .add("readmission_rate", DataTypes.createDecimalType(9, 4))
          .add("planted", DataTypes.BooleanType)
          .add("last_discharge", DataTypes.TimestampType)
          .add("year_of_birth", DataTypes.IntegerType);

  static GoldMart mart(String name) {
    Map<String, String> columns = new LinkedHashMap<>();
    columns.put("discharge_month", "first day of the month of discharge");
    columns.put("facility", "the facility's code");
    columns.put("encounter_class", "inpatient, emergency, ...");
    columns.put("stays", "stays discharged in the month");
    columns.put("mean_days", "mean length of stay in days");
    columns.put("readmission_rate", "share of stays followed by a readmission within 30 days");
    columns.put("planted", "whether the generator's planted rate applies");
    columns.put("last_discharge", "the month's last discharge (UTC)");
    columns.put("year_of_birth", "the patients' median year of birth");
    return new GoldMart(
        name,
        List.of("encounters"),
        List.of(),
        "one row per discharge month, facility and encounter class",
        "stays discharged in the month, and the patients' 'index' stays",
        Optional.of("CMS Hospital-Wide All-Cause Unplanned Readmission measure"),
        List.of("discharge_month", "facility", "encounter_class"),
        columns,
        Optional.empty(),
        "SELECT 1");
  }
}
