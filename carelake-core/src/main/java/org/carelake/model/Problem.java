package org.carelake.model;

import java.time.LocalDate;

/**
 * An entry of the patient's problem list (FHIR Condition, category problem-list-item).
 *
 * @param problemId the source's key
 * @param patientId the patient
 * @param codeSystem the code system's canonical URI (http://hl7.org/fhir/sid/icd-10-cm,
 *     http://snomed.info/sct)
 * @param code the code; ICD-10-CM in its dotted form
 * @param description the problem as described by the source
 * @param status active or resolved
 * @param onsetDate when it began
 * @param resolvedDate when it resolved, if it did
 */
public record Problem(
    long problemId,
    long patientId,
    String codeSystem,
    String code,
    String description,
    String status,
    LocalDate onsetDate,
    LocalDate resolvedDate) {}
