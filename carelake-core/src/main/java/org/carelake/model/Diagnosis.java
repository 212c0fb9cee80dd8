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
 * @param sourceCode the code exactly as the source sent it, in any coding system (ICD-10-CM, SNOMED
 *     CT, ICD-9-CM, a local code); null when the source path records only ICD-10-CM
 * @param sourceCodeSystem the coding system of {@code sourceCode} as the source named it (HL7 table
 *     0396: I10, I10C, SCT, I9, I9C, or a local name); null when unknown
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
    String sourceCode,
    String sourceCodeSystem,
    String icd10Description,
    String codeSystem) {

  /**
   * A diagnosis without the source's code and coding system as sent, the release's description and
   * the code system's URI.
   */
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
        null,
        null,
        null);
  }
}
