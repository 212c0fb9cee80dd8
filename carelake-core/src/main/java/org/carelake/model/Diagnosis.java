package org.carelake.model;

import java.time.LocalDate;

/**
 * A diagnosis recorded on an encounter, with the ICD-10-CM classification of its code.
 *
 * @param diagnosisId the source's key
 * @param encounterId the encounter
 * @param patientId the patient
 * @param icd10CodeAsEntered the code exactly as the source had it
 * @param icd10Code the code without dot, upper case; null when not well-formed
 * @param icd10CodeDotted the display form (E11.9); null when not well-formed
 * @param icd10CodeStatus classification of the code as entered (e.g. well_formed, malformed,
 *     missing; the loaded release refines well-formed codes)
 * @param icd10Chapter the ICD-10-CM chapter number; null when unknown
 * @param icd10ChapterTitle the chapter's title; null when unknown
 * @param diagnosisRank primary or secondary
 * @param onsetDate when the condition began
 * @param snomedCode the SNOMED CT concept, when the source coded it so (Synthea imports)
 * @param description the diagnosis as described by the source
 * @param icd10Description the long description of the ICD-10-CM code in the release silver
 *     classified it against; null when the code is not in it
 * @param codeSystem the system of the code as the source recorded it (a canonical URI such as
 *     {@code http://snomed.info/sct}); null when unknown
 */
public record Diagnosis(
    long diagnosisId,
    long encounterId,
    Long patientId,
    String icd10CodeAsEntered,
    String icd10Code,
    String icd10CodeDotted,
    String icd10CodeStatus,
    Integer icd10Chapter,
    String icd10ChapterTitle,
    String diagnosisRank,
    LocalDate onsetDate,
    String snomedCode,
    String description,
    String icd10Description,
    String codeSystem) {

  /** A diagnosis without the release's description and without a code system. */
  public Diagnosis(
      long diagnosisId,
      long encounterId,
      Long patientId,
      String icd10CodeAsEntered,
      String icd10Code,
      String icd10CodeDotted,
      String icd10CodeStatus,
      Integer icd10Chapter,
      String icd10ChapterTitle,
      String diagnosisRank,
      LocalDate onsetDate,
      String snomedCode,
      String description) {
    this(
        diagnosisId,
        encounterId,
        patientId,
        icd10CodeAsEntered,
        icd10Code,
        icd10CodeDotted,
        icd10CodeStatus,
        icd10Chapter,
        icd10ChapterTitle,
        diagnosisRank,
        onsetDate,
        snomedCode,
        description,
        null,
        null);
  }
}
