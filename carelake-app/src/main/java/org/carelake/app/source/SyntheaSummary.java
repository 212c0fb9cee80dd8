package org.carelake.app.source;

import java.util.List;
import org.carelake.source.GenerationSummary;

/**
 * What a Synthea import loaded, and what it could not carry over.
 *
 * @param source the row counts and fingerprint of the source after the import
 * @param conditions condition records read (each is a diagnosis and a problem list entry)
 * @param mappedToIcd10 conditions given an ICD-10-CM code through the user's map
 * @param observationsSkipped observations that are not laboratory results coded in LOINC (vital
 *     signs, surveys, quality-of-life scores), which {@code lab_results} does not hold
 * @param unresolvedReferences references to a patient, encounter, provider or organization the
 *     export does not contain; the column is left empty
 * @param missingFiles optional files the export did not have
 */
public record SyntheaSummary(
    GenerationSummary source,
    long conditions,
    long mappedToIcd10,
    long observationsSkipped,
    long unresolvedReferences,
    List<String> missingFiles) {
  /** Keeps an unmodifiable copy of the file list. */
  public SyntheaSummary {
    missingFiles = List.copyOf(missingFiles);
  }
}
