package org.carelake.lake.internal.fhir;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.carelake.fhir.FhirValidation;
import org.carelake.fhir.MappedResource;
import org.carelake.fhir.ValidationFinding;

/**
 * Validates FHIR resources with the HAPI validator: a pure function of mapped resources.
 *
 * <p>Input: rows of {@link FhirStage#SCHEMA}. Output: the findings of warning or error severity,
 * one row per finding with {@link #SCHEMA}; informational findings (codes of systems that cannot be
 * checked offline) are dropped. Each partition validates in Bundles of {@link
 * FhirValidation#BATCH_SIZE} resources with the validator of its executor JVM, built once (seconds)
 * on first use. No side effects.
 */
public final class FhirValidationStage {
  /** The columns of a finding. */
  public static final StructType SCHEMA =
      DataTypes.createStructType(
          new StructField[] {
            DataTypes.createStructField("resource_type", DataTypes.StringType, false),
            DataTypes.createStructField("id", DataTypes.StringType, false),
            DataTypes.createStructField("severity", DataTypes.StringType, false),
            DataTypes.createStructField("location", DataTypes.StringType, true),
            DataTypes.createStructField("message", DataTypes.StringType, true)
          });

  private static final long SAMPLE_BUCKETS = 1_000_000L;

  private final double sample;

  /**
   * A stage that validates a fraction of the resources.
   *
   * @param sample from 0 (none) to 1 (all); the sample is chosen by a hash of type and id, so the
   *     same resources are sampled in every run
   */
  public FhirValidationStage(double sample) {
    this.sample = sample;
  }

  /** The resources the sample selects. */
  public Dataset<Row> sampled(Dataset<Row> resources) {
    if (sample >= 1) {
      return resources;
    }
    return resources.where(
        pmod(xxhash64(col("resource_type"), col("id")), lit(SAMPLE_BUCKETS))
            .lt(lit((long) Math.floor(sample * SAMPLE_BUCKETS))));
  }

  /** Validates the sampled resources and returns their warnings and errors. */
  public Dataset<Row> apply(Dataset<Row> resources) {
    return sampled(resources).mapPartitions(new ValidateRows(), Encoders.row(SCHEMA));
  }

  /** The partition function: validates in batches, keeps warnings and errors. */
  private static final class ValidateRows implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      List<Row> findings = new ArrayList<>();
      List<MappedResource> batch = new ArrayList<>(FhirValidation.BATCH_SIZE);
      while (rows.hasNext()) {
        Row row = rows.next();
        batch.add(
            new MappedResource(
                row.getString(row.fieldIndex("resource_type")),
                row.getString(row.fieldIndex("id")),
                row.getString(row.fieldIndex("json"))));
        if (batch.size() == FhirValidation.BATCH_SIZE || !rows.hasNext()) {
          for (ValidationFinding finding : FhirValidation.get().validate(batch)) {
            if (finding.severity() != ValidationFinding.Severity.INFORMATION) {
              findings.add(
                  RowFactory.create(
                      finding.resourceType(),
                      finding.id(),
                      finding.severity().name().toLowerCase(java.util.Locale.ROOT),
                      finding.location(),
                      finding.message()));
            }
          }
          batch.clear();
        }
      }
      return findings.iterator();
    }
  }
}
