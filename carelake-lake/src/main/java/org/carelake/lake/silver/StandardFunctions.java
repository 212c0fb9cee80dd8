package org.carelake.lake.silver;

import java.math.BigDecimal;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF4;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.carelake.standardize.CodeSystems;
import org.carelake.standardize.Identifiers;
import org.carelake.standardize.LabRanges;
import org.carelake.standardize.NameSimilarity;
import org.carelake.standardize.PersonNames;
import org.carelake.standardize.Phones;
import org.carelake.standardize.Units;

/**
 * SQL functions for silver's typed columns and rules, calling carelake's standardization code
 * ({@link org.carelake.standardize}) so that Spark and the other paths standardize alike.
 *
 * <ul>
 *   <li>{@code clean_text(s)}: trimmed (tabs and other white space too), inner white space
 *       collapsed; null when blank
 *   <li>{@code person_name(s)}: {@link PersonNames#standardize}; {@code is_misencoded(s)}
 *   <li>{@code e164_phone(s)}: {@link Phones#e164}, null when not dialable
 *   <li>{@code ucum_unit(s)}: {@link Units#ucum}; {@code code_system_uri(s)}: {@link
 *       CodeSystems#uri}
 *   <li>{@code is_loinc(s)}, {@code is_npi(s)}, {@code is_rxcui(s)}: {@link Identifiers}
 *   <li>{@code lab_plausible_low(loinc)}, {@code lab_plausible_high(loinc)}, {@code
 *       lab_range_unit(loinc)}: {@link LabRanges}, null for a code without a range
 *   <li>{@code names_compatible(given1, family1, given2, family2)}: {@link NameSimilarity}
 * </ul>
 */
public final class StandardFunctions {
  private static final DataType DECIMAL = DataTypes.createDecimalType(18, 6);

  private StandardFunctions() {}

  /** Registers the functions in a session; registering twice is harmless. */
  public static void register(SparkSession spark) {
    var udf = spark.udf();
    udf.register(
        "clean_text", (UDF1<String, String>) StandardFunctions::cleanText, DataTypes.StringType);
    udf.register(
        "person_name",
        (UDF1<String, String>) text -> PersonNames.standardize(text).orElse(null),
        DataTypes.StringType);
    udf.register(
        "is_misencoded", (UDF1<String, Boolean>) PersonNames::isMisencoded, DataTypes.BooleanType);
    udf.register(
        "e164_phone",
        (UDF1<String, String>) text -> Phones.e164(text).orElse(null),
        DataTypes.StringType);
    udf.register(
        "ucum_unit",
        (UDF1<String, String>) text -> Units.ucum(text).orElse(null),
        DataTypes.StringType);
    udf.register(
        "code_system_uri",
        (UDF1<String, String>) text -> CodeSystems.uri(text).orElse(null),
        DataTypes.StringType);
    udf.register("is_loinc", (UDF1<String, Boolean>) Identifiers::isLoinc, DataTypes.BooleanType);
    udf.register("is_npi", (UDF1<String, Boolean>) Identifiers::isNpi, DataTypes.BooleanType);
    udf.register("is_rxcui", (UDF1<String, Boolean>) Identifiers::isRxcui, DataTypes.BooleanType);
    udf.register(
        "lab_plausible_low",
        (UDF1<String, BigDecimal>)
            loinc -> LabRanges.of(loinc).map(LabRanges.Range::low).orElse(null),
        DECIMAL);
    udf.register(
        "lab_plausible_high",
        (UDF1<String, BigDecimal>)
            loinc -> LabRanges.of(loinc).map(LabRanges.Range::high).orElse(null),
        DECIMAL);
    udf.register(
        "lab_range_unit",
        (UDF1<String, String>) loinc -> LabRanges.of(loinc).map(LabRanges.Range::unit).orElse(null),
        DataTypes.StringType);
    udf.register(
        "names_compatible",
        (UDF4<String, String, String, String, Boolean>) NameSimilarity::compatible,
        DataTypes.BooleanType);
  }

  /** Trimmed, inner white space collapsed, null when blank. */
  static String cleanText(String text) {
    if (text == null) {
      return null;
    }
    String clean = text.strip().replaceAll("\\s+", " ");
    return clean.isEmpty() ? null : clean;
  }
}
