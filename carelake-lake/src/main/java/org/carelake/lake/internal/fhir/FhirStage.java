package org.carelake.lake.internal.fhir;

import java.util.Iterator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.carelake.fhir.FhirType;
import org.carelake.fhir.MappedResource;

/**
 * Maps silver rows to FHIR R4 JSON: a pure function of a silver table (or any subset of its rows).
 *
 * <p>Input: rows of the silver table of {@link FhirType#silverEntity()}, with the columns of its
 * model record (others are ignored). Output: one row per input row with {@link #SCHEMA} ({@code
 * resource_type, id, json}). Each partition converts its rows to records and maps them with
 * carelake-core's {@link FhirType}; the FhirContext is built once per executor JVM, on first use.
 * No side effects.
 */
final class FhirStage {
  /** The columns of a mapped resource. */
  public static final StructType SCHEMA =
      DataTypes.createStructType(
          new org.apache.spark.sql.types.StructField[] {
            DataTypes.createStructField("resource_type", DataTypes.StringType, false),
            DataTypes.createStructField("id", DataTypes.StringType, false),
            DataTypes.createStructField("json", DataTypes.StringType, false)
          });

  private final FhirType type;

  /** A stage for one resource type. */
  public FhirStage(FhirType type) {
    this.type = type;
  }

  /** Maps silver rows to resources. */
  public Dataset<Row> apply(Dataset<Row> silver) {
    return silver.mapPartitions(new MapRows(type), Encoders.row(SCHEMA));
  }

  /** The partition function; serializable, holding only the resource type. */
  private static final class MapRows implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final FhirType type;

    MapRows(FhirType type) {
      this.type = type;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return rows.hasNext();
        }

        @Override
        public Row next() {
          MappedResource resource =
              type.toJson(SilverRows.toRecord(rows.next(), type.recordType()));
          return RowFactory.create(resource.resourceType(), resource.id(), resource.json());
        }
      };
    }
  }
}
