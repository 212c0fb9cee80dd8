package org.carelake.lake.terminology;

import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.carelake.config.CarelakeConfig;
import org.carelake.config.ConfigKeys;
import org.carelake.lake.LakePaths;
import org.carelake.lake.internal.silver.TerminologyFunctions;
import org.carelake.terminology.Icd10CodeSet;

/** Chooses the code sets silver classifies against, and registers them in the session. */
public final class CodeSets {
  private CodeSets() {}

  /**
   * Registers the terminology functions against the ICD-10-CM release {@code
   * terminology.icd10cm-release} names, else the newest loaded into the lake, else the starter set.
   *
   * @param spark the session
   * @param config the configuration (lake, release)
   * @return the code set registered
   * @throws org.carelake.core.CarelakeException when the named release is not in the lake
   */
  public static Icd10CodeSet register(SparkSession spark, CarelakeConfig config) {
    Icd10CodeSet codeSet =
        new Icd10LookupSource(spark, LakePaths.of(config.lakeUri()).terminology("icd10cm"))
            .codeSet(
                Optional.of(config.get(ConfigKeys.TERMINOLOGY_ICD10CM_RELEASE))
                    .filter(name -> !name.isEmpty()));
    TerminologyFunctions.register(spark, codeSet);
    return codeSet;
  }
}
