package org.carelake.model;

import java.time.LocalDate;

/**
 * An allergy or intolerance (FHIR AllergyIntolerance).
 *
 * @param allergyId the source's key
 * @param patientId the patient
 * @param codeSystem the substance's code system as a canonical URI
 *     (http://www.nlm.nih.gov/research/umls/rxnorm, http://snomed.info/sct); null for a free-text
 *     substance
 * @param code the substance's code, if coded
 * @param substance the substance as recorded
 * @param category medication, food or environment
 * @param reaction the reaction as recorded
 * @param severity mild, moderate or severe
 * @param status active or inactive
 * @param onsetDate when it was first noticed
 */
public record Allergy(
    long allergyId,
    long patientId,
    String codeSystem,
    String code,
    String substance,
    String category,
    String reaction,
    String severity,
    String status,
    LocalDate onsetDate) {}
