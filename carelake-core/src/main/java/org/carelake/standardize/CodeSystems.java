package org.carelake.standardize;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Code systems named by their canonical URIs, as FHIR names them: ICD-10-CM, LOINC, RxNorm and
 * SNOMED CT. The source's names for them ({@code ICD-10-CM}, {@code SNOMED-CT}, {@code RxNorm}, in
 * any case, with or without hyphens or spaces) map to the URI; a URI is kept.
 */
public final class CodeSystems {
  /** ICD-10-CM. */
  public static final String ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm";

  /** LOINC. */
  public static final String LOINC = "http://loinc.org";

  /** RxNorm. */
  public static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";

  /** SNOMED CT. */
  public static final String SNOMED = "http://snomed.info/sct";

  private static final Map<String, String> NAMES =
      Map.of(
          "icd10cm", ICD10CM,
          "icd10", ICD10CM,
          "loinc", LOINC,
          "rxnorm", RXNORM,
          "snomedct", SNOMED,
          "snomed", SNOMED,
          "sct", SNOMED);

  private CodeSystems() {}

  /** The canonical URI of a code system as the source names it; empty when unknown or blank. */
  public static Optional<String> uri(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    String name = text.strip();
    if (name.startsWith("http://") || name.startsWith("https://")) {
      return NAMES.values().stream().filter(name::equals).findFirst();
    }
    return Optional.ofNullable(
        NAMES.get(name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "")));
  }
}
