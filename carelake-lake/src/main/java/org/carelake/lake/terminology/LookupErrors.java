package org.carelake.lake.terminology;

import java.util.List;
import org.carelake.core.CarelakeException;

/** Builds the errors of terminology lookups, each stating problem, cause and fix. */
final class LookupErrors {
  private LookupErrors() {}

  static CarelakeException releaseNotLoaded(String release, List<String> loaded) {
    return new CarelakeException(
        "ICD-10-CM release '"
            + release
            + "' is not in the lake ("
            + (loaded.isEmpty() ? "no release is loaded" : "loaded: " + String.join(", ", loaded))
            + "); terminology.icd10cm-release names the release silver classifies diagnoses"
            + " against; load it with 'carelake terminology load --icd10cm-order FILE"
            + " --icd10cm-tabular FILE', or clear the key to use the newest loaded release.");
  }
}
