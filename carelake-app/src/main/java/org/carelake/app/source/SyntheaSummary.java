package org.carelake.app.source;

import java.util.List;
import java.util.Map;
import org.carelake.source.GenerationSummary;

/**
 * What a Synthea import loaded, and what it could not carry over.
 *
 * @param source the row counts and fingerprint of the source after the import
 * @param conditions condition records read (each is a diagnosis)
 * @param mappedToIcd10 conditions given an ICD-10-CM code through the user's map
 * @param observationsSkipped observations not coded in LOINC (the simulation's quality-of-life
 *     scores QALY, DALY and QOLS), which neither {@code lab_results} nor {@code observations} holds
 * @param unresolvedReferences references to a patient, encounter, provider or organization the
 *     export does not contain; the column is left empty
 * @param missingFiles optional files the export did not have
 * @param skippedFiles files of the export the reference schema has no table for, with their record
 *     counts, in the order they were found
 */
public record SyntheaSummary(
    GenerationSummary source,
    long conditions,
    long mappedToIcd10,
    long observationsSkipped,
    long unresolvedReferences,
    List<String> missingFiles,
    Map<String, Long> skippedFiles) {
  /** Keeps unmodifiable copies of the file lists. */
  public SyntheaSummary {
    missingFiles = List.copyOf(missingFiles);
    skippedFiles =
        java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(skippedFiles));
  }
}
