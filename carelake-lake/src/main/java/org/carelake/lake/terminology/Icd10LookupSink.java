package org.carelake.lake.terminology;

import io.delta.tables.DeltaTable;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.carelake.terminology.Icd10Concept;
import org.carelake.terminology.Icd10Release;

/**
 * Writes ICD-10-CM releases into the lake's lookup table ({@code terminology/icd10cm}): one row per
 * release and code, columns as {@link #SCHEMA} lists them.
 *
 * <p>A load replaces the rows of its release only ({@code replaceWhere release = ...}), in one
 * Delta commit: other releases stay, so FY2021 and FY2022 can sit side by side, and every load is a
 * Delta version that time travel can read back. Loading the same files twice leaves the same rows.
 */
public final class Icd10LookupSink {
  /** The lookup table's columns. */
  public static final StructType SCHEMA =
      new StructType()
          .add("release", DataTypes.StringType, false)
          .add("order_number", DataTypes.IntegerType, false)
          .add("code", DataTypes.StringType, false)
          .add("code_dotted", DataTypes.StringType, false)
          .add("billable", DataTypes.BooleanType, false)
          .add("short_description", DataTypes.StringType, false)
          .add("long_description", DataTypes.StringType, false)
          .add("category", DataTypes.StringType, false)
          .add("category_title", DataTypes.StringType, true)
          .add("block", DataTypes.StringType, true)
          .add("block_title", DataTypes.StringType, true)
          .add("chapter", DataTypes.IntegerType, false)
          .add("chapter_title", DataTypes.StringType, false)
          .add("loaded_at", DataTypes.TimestampType, false);

  private final SparkSession spark;

  /** A sink using the given session. */
  public Icd10LookupSink(SparkSession spark) {
    this.spark = spark;
  }

  /**
   * Writes a release, replacing an earlier load of the same release.
   *
   * @param release the release, as read from its files
   * @param path the lookup table's location
   * @return the Delta version the load committed
   */
  public long write(Icd10Release release, String path) {
    Timestamp loadedAt = Timestamp.from(Instant.now());
    List<Row> rows = new ArrayList<>(release.concepts().size());
    int order = 0;
    for (Icd10Concept concept : release.concepts()) {
      rows.add(
          RowFactory.create(
              release.name(),
              ++order,
              concept.code(),
              concept.dottedCode(),
              concept.billable(),
              concept.shortDescription(),
              concept.longDescription(),
              concept.category(),
              concept.categoryTitle(),
              concept.block(),
              concept.blockTitle(),
              concept.chapter(),
              concept.chapterTitle(),
              loadedAt));
    }
    var writer =
        spark.createDataFrame(rows, SCHEMA).coalesce(1).write().format("delta").mode("overwrite");
    if (DeltaTable.isDeltaTable(spark, path)) {
      writer = writer.option("replaceWhere", "release = '" + release.name() + "'");
    }
    writer.save(path);
    return DeltaTable.forPath(spark, path).history(1).first().getAs("version");
  }
}
