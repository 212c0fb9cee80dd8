package org.carelake.lake.internal.silver;

import java.util.Optional;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.carelake.terminology.Icd10Chapter;
import org.carelake.terminology.Icd10Chapters;
import org.carelake.terminology.Icd10Code;
import org.carelake.terminology.Icd10CodeSet;
import org.carelake.terminology.Icd10Concept;
import org.carelake.terminology.Icd10Format;

/**
 * SQL functions over ICD-10-CM codes as entered, for silver's typed columns. They call the same
 * Java code as the rest of carelake ({@link Icd10Code}, {@link Icd10CodeSet}), so Spark and the
 * non-Spark paths classify a code alike.
 *
 * <ul>
 *   <li>{@code icd10cm_normalize(code)}: upper case, no dot ({@code E119}); null unless well-formed
 *   <li>{@code icd10cm_dotted(code)}: the display form ({@code E11.9}); null unless well-formed
 *   <li>{@code icd10cm_status(code)}: {@code billable}, {@code header}, {@code unknown}, {@code
 *       malformed} or {@code missing}, against the registered code set
 *   <li>{@code icd10cm_billable(code)}: true, false for a header, null when the set lacks the code
 *   <li>{@code icd10cm_description(code)}: the release's long description; null when unlisted
 *   <li>{@code icd10cm_block(code)}, {@code icd10cm_block_title(code)}: the block ({@code I20-I25},
 *       "Ischemic heart diseases"); null when unlisted or loaded without the tabular list
 *   <li>{@code icd10cm_chapter(code)}, {@code icd10cm_chapter_title(code)}: the release's chapter,
 *       or for a well-formed code the set lacks, the chapter whose range holds it (so an unknown
 *       code still counts in its chapter); null for malformed values and codes in no range
 *   <li>{@code icd10cm_release()}: the code set's name ({@code FY2021}, or {@code starter})
 * </ul>
 *
 * <p>The code set is a Spark broadcast variable: it is shipped once to each executor and probed in
 * memory, as a broadcast hash join would, but the silver transform stays a function of the bronze
 * increment alone (no join input), so the streaming path can call it per micro-batch.
 */
public final class TerminologyFunctions {
  private static Broadcast<Icd10CodeSet> current;

  private TerminologyFunctions() {}

  /** Registers the functions against the bundled starter set; registering twice is harmless. */
  public static void register(SparkSession spark) {
    register(spark, Icd10CodeSet.starter());
  }

  /**
   * Registers the functions against a code set, replacing an earlier registration in the session.
   *
   * @param spark the session
   * @param codeSet the code set, broadcast to the executors (FY2021: about 30 MB in memory)
   */
  public static synchronized void register(SparkSession spark, Icd10CodeSet codeSet) {
    Broadcast<Icd10CodeSet> set =
        JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(codeSet);
    if (current != null) {
      current.unpersist();
    }
    current = set;
    string(spark, "icd10cm_normalize", code -> ifWellFormed(code, Icd10Code.normalize(code)));
    string(
        spark,
        "icd10cm_dotted",
        code -> ifWellFormed(code, Icd10Code.normalize(code).map(Icd10Code::dotted)));
    string(spark, "icd10cm_status", code -> set.value().statusOf(code).label());
    function(
        spark,
        "icd10cm_billable",
        (UDF1<String, Boolean>)
            code -> set.value().lookup(code).map(Icd10Concept::billable).orElse(null),
        DataTypes.BooleanType);
    string(
        spark,
        "icd10cm_description",
        code -> set.value().lookup(code).map(Icd10Concept::longDescription).orElse(null));
    string(
        spark,
        "icd10cm_block",
        code -> set.value().lookup(code).map(Icd10Concept::block).orElse(null));
    string(
        spark,
        "icd10cm_block_title",
        code -> set.value().lookup(code).map(Icd10Concept::blockTitle).orElse(null));
    function(
        spark,
        "icd10cm_chapter",
        (UDF1<String, Integer>)
            code ->
                set.value()
                    .lookup(code)
                    .map(Icd10Concept::chapter)
                    .or(() -> rangeChapter(code).map(Icd10Chapter::number))
                    .orElse(null),
        DataTypes.IntegerType);
    string(
        spark,
        "icd10cm_chapter_title",
        code ->
            set.value()
                .lookup(code)
                .map(Icd10Concept::chapterTitle)
                .or(() -> rangeChapter(code).map(Icd10Chapter::title))
                .orElse(null));
    String release = codeSet.release();
    spark.sql("DROP TEMPORARY FUNCTION IF EXISTS icd10cm_release");
    spark
        .udf()
        .register(
            "icd10cm_release",
            (org.apache.spark.sql.api.java.UDF0<String>) () -> release,
            DataTypes.StringType);
  }

  private static void string(SparkSession spark, String name, UDF1<String, String> function) {
    function(spark, name, function, DataTypes.StringType);
  }

  private static void function(
      SparkSession spark, String name, UDF1<String, ?> function, DataType type) {
    // Dropping first keeps Spark from warning that a registered function was replaced.
    spark.sql("DROP TEMPORARY FUNCTION IF EXISTS " + name);
    spark.udf().register(name, function, type);
  }

  private static Optional<Icd10Chapter> rangeChapter(String code) {
    return wellFormed(code) ? Icd10Chapters.chapterOf(code) : Optional.empty();
  }

  private static String ifWellFormed(String code, Optional<String> value) {
    return wellFormed(code) ? value.orElse(null) : null;
  }

  private static boolean wellFormed(String code) {
    return Icd10Code.formatOf(code) == Icd10Format.WELL_FORMED;
  }
}
