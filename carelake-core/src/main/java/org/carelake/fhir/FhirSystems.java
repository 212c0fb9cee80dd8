package org.carelake.fhir;

/**
 * The code system and identifier system URIs carelake writes, each the canonical URI its owner
 * publishes (see https://hl7.org/fhir/R4/terminologies-systems.html).
 */
public final class FhirSystems {
  /** ICD-10-CM, the US clinical modification; codes are written dotted ({@code E11.9}). */
  public static final String ICD10_CM = "http://hl7.org/fhir/sid/icd-10-cm";

  /** LOINC. */
  public static final String LOINC = "http://loinc.org";

  /** RxNorm. */
  public static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";

  /** SNOMED CT. */
  public static final String SNOMED_CT = "http://snomed.info/sct";

  /** UCUM, for units of measure. */
  public static final String UCUM = "http://unitsofmeasure.org";

  /** US National Provider Identifier. */
  public static final String US_NPI = "http://hl7.org/fhir/sid/us-npi";

  /** US Social Security Number. */
  public static final String US_SSN = "http://hl7.org/fhir/sid/us-ssn";

  /**
   * The identifier system of the source EHR's medical record numbers. A hospital that has an
   * assigning-authority URI or OID for its MRNs would use that; carelake's reference EHR has none,
   * so it names the source by a URN of its own.
   */
  public static final String CARELAKE_MRN = "urn:carelake:ehr:mrn";

  /** HL7 v2 table 0203, identifier types ({@code MR}, {@code SS}, {@code NPI}). */
  public static final String V2_IDENTIFIER_TYPE = "http://terminology.hl7.org/CodeSystem/v2-0203";

  /** HL7 v3 ActCode, for Encounter.class. */
  public static final String V3_ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";

  /** HL7 v3 RoleCode, for Location.type. */
  public static final String V3_ROLE_CODE = "http://terminology.hl7.org/CodeSystem/v3-RoleCode";

  /** HL7 v3 ActPriority, for Encounter.priority. */
  public static final String V3_ACT_PRIORITY =
      "http://terminology.hl7.org/CodeSystem/v3-ActPriority";

  /** HL7 v3 ParticipationType, for Encounter.participant.type. */
  public static final String V3_PARTICIPATION_TYPE =
      "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";

  /** HL7 v3 ObservationInterpretation, for Observation.interpretation. */
  public static final String V3_OBSERVATION_INTERPRETATION =
      "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";

  /** HL7 v3 NullFlavor, for a value the source did not give. */
  public static final String V3_NULL_FLAVOR = "http://terminology.hl7.org/CodeSystem/v3-NullFlavor";

  /** FHIR observation categories ({@code laboratory}). */
  public static final String OBSERVATION_CATEGORY =
      "http://terminology.hl7.org/CodeSystem/observation-category";

  /** FHIR condition categories ({@code encounter-diagnosis}). */
  public static final String CONDITION_CATEGORY =
      "http://terminology.hl7.org/CodeSystem/condition-category";

  /** FHIR organization types ({@code prov}). */
  public static final String ORGANIZATION_TYPE =
      "http://terminology.hl7.org/CodeSystem/organization-type";

  /** FHIR data-absent reasons. */
  public static final String DATA_ABSENT_REASON =
      "http://terminology.hl7.org/CodeSystem/data-absent-reason";

  /** CDC vaccine codes (CVX). */
  public static final String CVX = "http://hl7.org/fhir/sid/cvx";

  private FhirSystems() {}
}
