package org.carelake.lake.silver;

import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.carelake.terminology.Icd10Chapter;
import org.carelake.terminology.Icd10Chapters;
import org.carelake.terminology.Icd10Code;
import org.carelake.terminology.Icd10Format;

/**
 * SQL functions over ICD-10-CM codes as entered, for silver's typed columns. They call the same
 * Java code as the rest of carelake, so Spark and the non-Spark paths classify a code alike.
 *
 * <ul>
 *   <li>{@code icd10cm_normalize(code)}: upper case, no dot ({@code E119}); null unless well-formed
 *   <li>{@code icd10cm_dotted(code)}: the display form ({@code E11.9}); null unless well-formed
 *   <li>{@code icd10cm_status(code)}: {@code well_formed}, {@code malformed} or {@code missing}
 *   <li>{@code icd10cm_chapter(code)}, {@code icd10cm_chapter_title(code)}: the chapter whose range
 *       holds the code; null when none does
 * </ul>
 */
public final class TerminologyFunctions {
  private TerminologyFunctions() {}

  /** Registers the functions in a session; registering twice is harmless. */
  public static void register(SparkSession spark) {
    spark
        .udf()
        .register(
            "icd10cm_normalize",
            (UDF1<String, String>)
                code -> wellFormed(code) ? Icd10Code.normalize(code).orElse(null) : null,
            DataTypes.StringType);
    spark
        .udf()
        .register(
            "icd10cm_dotted",
            (UDF1<String, String>)
                code ->
                    wellFormed(code)
                        ? Icd10Code.normalize(code).map(Icd10Code::dotted).orElse(null)
                        : null,
            DataTypes.StringType);
    spark
        .udf()
        .register(
            "icd10cm_status",
            (UDF1<String, String>) code -> Icd10Code.formatOf(code).name().toLowerCase(Locale.ROOT),
            DataTypes.StringType);
    spark
        .udf()
        .register(
            "icd10cm_chapter",
            (UDF1<String, Integer>)
                code ->
                    wellFormed(code)
                        ? Icd10Chapters.chapterOf(code).map(Icd10Chapter::number).orElse(null)
                        : null,
            DataTypes.IntegerType);
    spark
        .udf()
        .register(
            "icd10cm_chapter_title",
            (UDF1<String, String>)
                code ->
                    wellFormed(code)
                        ? Icd10Chapters.chapterOf(code).map(Icd10Chapter::title).orElse(null)
                        : null,
            DataTypes.StringType);
  }

  private static boolean wellFormed(String code) {
    return Icd10Code.formatOf(code) == Icd10Format.WELL_FORMED;
  }
}
