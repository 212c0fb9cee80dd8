package org.carelake.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.carelake.core.CarelakeException;
import org.carelake.model.Appointment;
import org.carelake.model.Diagnosis;
import org.carelake.model.Encounter;
import org.carelake.model.Facility;
import org.carelake.model.LabResult;
import org.carelake.model.Organization;
import org.carelake.model.Patient;
import org.carelake.model.Practitioner;
import org.carelake.model.Prescription;
import org.junit.jupiter.api.Test;

/**
 * Golden-record tests of the FHIR R4 mapping: each resource type is mapped from a realistic record,
 * checked element by element against the R4 element definitions cited, and validated by the HAPI
 * validator (one shared instance for the test JVM) with no errors.
 */
class FhirMapperTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static final Patient PATIENT =
      new Patient(
          1042,
          "MRN00001042",
          "Maria",
          "Garcia",
          LocalDate.of(1961, 4, 12),
          "female",
          "12 Oak St",
          "Springfield",
          "IL",
          "62704-1234",
          "+12175550142",
          "maria.garcia@example.org",
          "123456789",
          LocalDate.of(2024, 11, 2),
          null);
  static final Encounter ENCOUNTER =
      new Encounter(
          77,
          1042,
          "inpatient",
          Instant.parse("2024-03-04T10:15:00Z"),
          Instant.parse("2024-03-07T16:00:00Z"),
          "Discharged to home",
          3L,
          1L,
          "emergency");
  static final Diagnosis DIAGNOSIS =
      new Diagnosis(
          501,
          77,
          1042L,
          "e11.9",
          "E119",
          "E11.9",
          "well_formed",
          4,
          "Endocrine, nutritional and metabolic diseases",
          "primary",
          LocalDate.of(2019, 6, 1),
          "44054006",
          "Type 2 diabetes mellitus",
          null,
          null,
          "Type 2 diabetes mellitus without complications",
          "http://snomed.info/sct");
  static final LabResult LAB_RESULT =
      new LabResult(
          9001,
          1042,
          77L,
          "2345-7",
          "Glucose [Mass/volume] in Serum or Plasma",
          new BigDecimal("182"),
          null,
          "mg/dL",
          new BigDecimal("70"),
          new BigDecimal("99"),
          "70-99 mg/dL",
          "H",
          Instant.parse("2024-03-04T11:00:00Z"),
          Instant.parse("2024-03-04T13:30:00Z"));

  private static JsonNode json(MappedResource resource) throws Exception {
    return JSON.readTree(resource.json());
  }

  private static List<ValidationFinding> assertValid(MappedResource resource) {
    List<ValidationFinding> findings = FhirValidation.get().validateOne(resource);
    assertThat(findings).filteredOn(ValidationFinding::isError).isEmpty();
    return findings;
  }

  @Test
  void patientCarriesIdentifiersNameTelecomAndDeathAndValidates() throws Exception {
    // Patient.identifier, .name, .telecom, .gender, .birthDate, .deceased[x], .address:
    // https://hl7.org/fhir/R4/patient.html; identifier type MR from v2 table 0203.
    MappedResource resource = FhirType.PATIENT.toJson(PATIENT);
    JsonNode patient = json(resource);

    assertThat(resource.id()).isEqualTo("patient-1042");
    assertThat(patient.at("/identifier/0/type/coding/0/code").asText()).isEqualTo("MR");
    assertThat(patient.at("/identifier/0/type/coding/0/system").asText())
        .isEqualTo("http://terminology.hl7.org/CodeSystem/v2-0203");
    assertThat(patient.at("/identifier/0/value").asText()).isEqualTo("MRN00001042");
    assertThat(patient.at("/identifier/1/system").asText())
        .isEqualTo("http://hl7.org/fhir/sid/us-ssn");
    assertThat(patient.at("/name/0/family").asText()).isEqualTo("Garcia");
    assertThat(patient.at("/name/0/given/0").asText()).isEqualTo("Maria");
    assertThat(patient.at("/telecom/0/system").asText()).isEqualTo("phone");
    assertThat(patient.at("/telecom/1/system").asText()).isEqualTo("email");
    assertThat(patient.at("/gender").asText()).isEqualTo("female");
    assertThat(patient.at("/birthDate").asText()).isEqualTo("1961-04-12");
    assertThat(patient.at("/deceasedDateTime").asText()).isEqualTo("2024-11-02");
    assertThat(patient.at("/active").isMissingNode())
        .as("a deceased patient is not active")
        .isTrue();
    assertThat(patient.at("/address/0/postalCode").asText()).isEqualTo("62704-1234");
    assertValid(resource);
  }

  @Test
  void aLivingPatientIsActiveAndHasNoDeceasedElement() throws Exception {
    Patient living =
        new Patient(
            1043,
            "MRN00001043",
            "Ana",
            "Lopez",
            LocalDate.of(1990, 1, 2),
            "female",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    JsonNode patient = json(FhirType.PATIENT.toJson(living));

    assertThat(patient.at("/active").asBoolean()).isTrue();
    assertThat(patient.at("/deceasedDateTime").isMissingNode()).isTrue();
  }

  @Test
  void practitionerCarriesTheNpiAndValidates() throws Exception {
    // Practitioner.identifier with the NPI system: https://hl7.org/fhir/R4/practitioner.html
    MappedResource resource =
        FhirType.PRACTITIONER.toJson(
            new Practitioner(3, "1245319599", "Ana", "Ruiz", "cardiology", 1L));
    JsonNode practitioner = json(resource);

    assertThat(resource.id()).isEqualTo("practitioner-3");
    assertThat(practitioner.at("/identifier/0/system").asText())
        .isEqualTo("http://hl7.org/fhir/sid/us-npi");
    assertThat(practitioner.at("/identifier/0/value").asText()).isEqualTo("1245319599");
    assertThat(practitioner.at("/name/0/family").asText()).isEqualTo("Ruiz");
    assertValid(resource);
  }

  @Test
  void organizationIsAHealthcareProviderAndValidates() throws Exception {
    // Organization.type (organization-type), .name, .telecom, .address:
    // https://hl7.org/fhir/R4/organization.html
    MappedResource resource =
        FhirType.ORGANIZATION.toJson(
            new Organization(
                1,
                "Riverside Health",
                "hospital",
                "100 River Rd",
                "Springfield",
                "IL",
                "62701",
                "+12175550100"));
    JsonNode organization = json(resource);

    assertThat(organization.at("/type/0/coding/0/code").asText()).isEqualTo("prov");
    assertThat(organization.at("/type/0/text").asText()).isEqualTo("hospital");
    assertThat(organization.at("/name").asText()).isEqualTo("Riverside Health");
    assertValid(resource);
  }

  @Test
  void facilityBecomesALocationManagedByItsOrganizationAndValidates() throws Exception {
    // Location.type (v3 ServiceDeliveryLocationRoleType), .managingOrganization:
    // https://hl7.org/fhir/R4/location.html
    MappedResource resource =
        FhirType.LOCATION.toJson(
            new Facility(
                1,
                1L,
                "Riverside General Hospital",
                "hospital",
                "100 River Rd",
                "Springfield",
                "IL",
                "62701",
                "+12175550101"));
    JsonNode location = json(resource);

    assertThat(resource.id()).isEqualTo("location-1");
    assertThat(location.at("/type/0/coding/0/code").asText()).isEqualTo("HOSP");
    assertThat(location.at("/managingOrganization/reference").asText())
        .isEqualTo("Organization/organization-1");
    assertThat(location.at("/address/city").asText()).isEqualTo("Springfield");
    assertValid(resource);
  }

  @Test
  void encounterHasClassPriorityParticipantPeriodAndDispositionAndValidates() throws Exception {
    // Encounter.status, .class (v3 ActCode), .priority (v3 ActPriority), .participant (ATND),
    // .period, .hospitalization.dischargeDisposition, .location:
    // https://hl7.org/fhir/R4/encounter.html
    MappedResource resource = FhirType.ENCOUNTER.toJson(ENCOUNTER);
    JsonNode encounter = json(resource);

    assertThat(encounter.at("/status").asText()).isEqualTo("finished");
    assertThat(encounter.at("/class/code").asText()).isEqualTo("IMP");
    assertThat(encounter.at("/priority/coding/0/code").asText()).isEqualTo("EM");
    assertThat(encounter.at("/subject/reference").asText()).isEqualTo("Patient/patient-1042");
    assertThat(encounter.at("/participant/0/type/0/coding/0/code").asText()).isEqualTo("ATND");
    assertThat(encounter.at("/participant/0/individual/reference").asText())
        .isEqualTo("Practitioner/practitioner-3");
    assertThat(encounter.at("/period/start").asText()).isEqualTo("2024-03-04T10:15:00+00:00");
    assertThat(encounter.at("/period/end").asText()).isEqualTo("2024-03-07T16:00:00+00:00");
    assertThat(encounter.at("/hospitalization/dischargeDisposition/text").asText())
        .isEqualTo("Discharged to home");
    assertThat(encounter.at("/location/0/location/reference").asText())
        .isEqualTo("Location/location-1");
    assertValid(resource);
  }

  @Test
  void encounterInProgressHasNoEnd() throws Exception {
    MappedResource resource =
        FhirType.ENCOUNTER.toJson(
            new Encounter(
                78,
                1042,
                "emergency",
                Instant.parse("2024-03-04T10:15:00Z"),
                null,
                null,
                null,
                null,
                null));
    JsonNode encounter = json(resource);

    assertThat(encounter.at("/status").asText()).isEqualTo("in-progress");
    assertThat(encounter.at("/class/code").asText()).isEqualTo("EMER");
    assertThat(encounter.at("/period/end").isMissingNode()).isTrue();
    assertValid(resource);
  }

  @Test
  void conditionIsCodedInIcd10CmWithTheRowsReleaseDisplayAndSnomedAndValidates() throws Exception {
    // Condition.category (encounter-diagnosis), .code, .subject, .encounter, .onset[x]:
    // https://hl7.org/fhir/R4/condition.html; ICD-10-CM system http://hl7.org/fhir/sid/icd-10-cm
    // with the dotted code (https://hl7.org/fhir/R4/icd.html#10-cm).
    MappedResource resource = FhirType.CONDITION.toJson(DIAGNOSIS);
    JsonNode condition = json(resource);

    assertThat(condition.at("/category/0/coding/0/code").asText()).isEqualTo("encounter-diagnosis");
    assertThat(condition.at("/code/coding/0/system").asText())
        .isEqualTo("http://hl7.org/fhir/sid/icd-10-cm");
    assertThat(condition.at("/code/coding/0/code").asText()).isEqualTo("E11.9");
    assertThat(condition.at("/code/coding/0/display").asText())
        .isEqualTo("Type 2 diabetes mellitus without complications");
    assertThat(condition.at("/code/coding/1/system").asText()).isEqualTo("http://snomed.info/sct");
    assertThat(condition.at("/code/coding/1/code").asText()).isEqualTo("44054006");
    assertThat(condition.at("/code/coding/1/display").asText())
        .isEqualTo("Type 2 diabetes mellitus");
    assertThat(condition.at("/code/text").asText()).isEqualTo("Type 2 diabetes mellitus");
    assertThat(condition.at("/encounter/reference").asText()).isEqualTo("Encounter/encounter-77");
    assertThat(condition.at("/onsetDateTime").asText()).isEqualTo("2019-06-01");
    List<ValidationFinding> findings = assertValid(resource);
    assertThat(findings)
        .noneMatch(finding -> finding.message().contains("icd-10-cm") && finding.isError());
  }

  @Test
  void theIcd10CmDisplayIsTheRowsOwnDescriptionNotTheStarterSets() throws Exception {
    // I10 is in the starter set as "Essential (primary) hypertension"; the row was classified
    // against a release whose wording the display must carry.
    Diagnosis classified =
        new Diagnosis(
            504,
            77,
            1042L,
            "I10",
            "I10",
            "I10",
            "billable",
            9,
            "Diseases of the circulatory system",
            "primary",
            null,
            null,
            null,
            null,
            null,
            "Essential (primary) hypertension, as worded in the loaded release",
            "http://hl7.org/fhir/sid/icd-10-cm");
    JsonNode condition = json(FhirType.CONDITION.toJson(classified));

    assertThat(condition.at("/code/coding/0/display").asText())
        .isEqualTo("Essential (primary) hypertension, as worded in the loaded release");
  }

  @Test
  void aConditionCodedInSnomedCtOnlyCarriesItsSnomedCodeAndValidates() throws Exception {
    Diagnosis snomedOnly =
        new Diagnosis(
            505,
            77,
            1042L,
            null,
            null,
            null,
            "not_icd10",
            null,
            null,
            "secondary",
            LocalDate.of(2021, 2, 27),
            "59621000",
            "Essential hypertension (disorder)",
            null,
            null,
            null,
            "http://snomed.info/sct");
    MappedResource resource = FhirType.CONDITION.toJson(snomedOnly);
    JsonNode condition = json(resource);

    assertThat(condition.at("/code/coding")).hasSize(1);
    assertThat(condition.at("/code/coding/0/system").asText()).isEqualTo("http://snomed.info/sct");
    assertThat(condition.at("/code/coding/0/code").asText()).isEqualTo("59621000");
    assertThat(condition.at("/code/coding/0/display").asText())
        .isEqualTo("Essential hypertension (disorder)");
    assertValid(resource);
  }

  @Test
  void conditionWithAMalformedCodeKeepsItAsTextOnly() throws Exception {
    MappedResource resource =
        FhirType.CONDITION.toJson(
            new Diagnosis(
                502,
                77,
                1042L,
                "E11..9",
                null,
                null,
                "malformed",
                null,
                null,
                "secondary",
                null,
                null,
                null));
    JsonNode condition = json(resource);

    assertThat(condition.at("/code/coding").isMissingNode()).isTrue();
    assertThat(condition.at("/code/text").asText()).isEqualTo("E11..9");
    assertValid(resource);
  }

  @Test
  void medicationRequestIsAnRxNormOrderWithDosageAndValidates() throws Exception {
    // MedicationRequest.status, .intent, .medication[x] (RxNorm), .requester,
    // .dosageInstruction (text, route, timing, doseAndRate.doseQuantity in UCUM):
    // https://hl7.org/fhir/R4/medicationrequest.html
    MappedResource resource =
        FhirType.MEDICATION_REQUEST.toJson(
            new Prescription(
                5,
                1042,
                77L,
                "860975",
                "metformin hydrochloride 500 MG Oral Tablet",
                new BigDecimal("500"),
                "mg",
                "oral",
                "BID",
                LocalDate.of(2024, 3, 7),
                LocalDate.of(2024, 6, 7),
                3L,
                "active"));
    JsonNode request = json(resource);

    assertThat(resource.id()).isEqualTo("medicationrequest-5");
    assertThat(request.at("/status").asText()).isEqualTo("active");
    assertThat(request.at("/intent").asText()).isEqualTo("order");
    assertThat(request.at("/medicationCodeableConcept/coding/0/system").asText())
        .isEqualTo("http://www.nlm.nih.gov/research/umls/rxnorm");
    assertThat(request.at("/medicationCodeableConcept/coding/0/code").asText()).isEqualTo("860975");
    assertThat(request.at("/requester/reference").asText())
        .isEqualTo("Practitioner/practitioner-3");
    assertThat(request.at("/dosageInstruction/0/text").asText()).isEqualTo("500 mg oral BID");
    assertThat(request.at("/dosageInstruction/0/doseAndRate/0/doseQuantity/system").asText())
        .isEqualTo("http://unitsofmeasure.org");
    assertThat(request.at("/dosageInstruction/0/timing/repeat/boundsPeriod/end").asText())
        .isEqualTo("2024-06-07");
    assertValid(resource);
  }

  @Test
  void observationHasValueUnitReferenceRangeAndInterpretationAndValidates() throws Exception {
    // Observation.category (laboratory), .code (LOINC), .value[x] as a UCUM Quantity,
    // .referenceRange (low, high, text), .interpretation (v3 ObservationInterpretation from the
    // HL7 v2 table 0078 flag), .effective[x], .issued: https://hl7.org/fhir/R4/observation.html
    MappedResource resource = FhirType.OBSERVATION.toJson(LAB_RESULT);
    JsonNode observation = json(resource);

    assertThat(observation.at("/status").asText()).isEqualTo("final");
    assertThat(observation.at("/category/0/coding/0/code").asText()).isEqualTo("laboratory");
    assertThat(observation.at("/code/coding/0/system").asText()).isEqualTo("http://loinc.org");
    assertThat(observation.at("/code/coding/0/code").asText()).isEqualTo("2345-7");
    assertThat(observation.at("/valueQuantity/value").decimalValue()).isEqualByComparingTo("182");
    assertThat(observation.at("/valueQuantity/system").asText())
        .isEqualTo("http://unitsofmeasure.org");
    assertThat(observation.at("/valueQuantity/code").asText()).isEqualTo("mg/dL");
    assertThat(observation.at("/referenceRange/0/low/value").decimalValue())
        .isEqualByComparingTo("70");
    assertThat(observation.at("/referenceRange/0/high/value").decimalValue())
        .isEqualByComparingTo("99");
    assertThat(observation.at("/referenceRange/0/text").asText()).isEqualTo("70-99 mg/dL");
    assertThat(observation.at("/interpretation/0/coding/0/system").asText())
        .isEqualTo("http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation");
    assertThat(observation.at("/interpretation/0/coding/0/code").asText()).isEqualTo("H");
    assertThat(observation.at("/effectiveDateTime").asText())
        .isEqualTo("2024-03-04T11:00:00+00:00");
    assertValid(resource);
  }

  @Test
  void observationWithoutAValueSaysWhyAndValidates() throws Exception {
    // obs-6: dataAbsentReason only when there is no value: https://hl7.org/fhir/R4/observation.html
    MappedResource resource =
        FhirType.OBSERVATION.toJson(
            new LabResult(
                9002,
                1042,
                null,
                "718-7",
                "Hemoglobin",
                null,
                null,
                "g/dL",
                null,
                null,
                null,
                null,
                Instant.parse("2024-03-04T11:00:00Z"),
                null));
    JsonNode observation = json(resource);

    assertThat(observation.at("/status").asText()).isEqualTo("preliminary");
    assertThat(observation.at("/dataAbsentReason/coding/0/code").asText()).isEqualTo("unknown");
    assertValid(resource);
  }

  @Test
  void aResultWithAValueAndAResultTimeIsFinalAndOneWithoutAResultTimePreliminary()
      throws Exception {
    LabResult resulted =
        new LabResult(
            9003,
            1042,
            null,
            "4548-4",
            "Hemoglobin A1c/Hemoglobin.total in Blood",
            new java.math.BigDecimal("7.4"),
            null,
            "%",
            null,
            null,
            null,
            null,
            Instant.parse("2019-11-04T14:05:12Z"),
            Instant.parse("2019-11-04T14:05:12Z"));
    LabResult pending =
        new LabResult(
            9004,
            1042,
            null,
            "4548-4",
            "Hemoglobin A1c/Hemoglobin.total in Blood",
            new java.math.BigDecimal("7.4"),
            null,
            "%",
            null,
            null,
            null,
            null,
            Instant.parse("2019-11-04T14:05:12Z"),
            null);

    assertThat(json(FhirType.OBSERVATION.toJson(resulted)).at("/status").asText())
        .isEqualTo("final");
    assertThat(json(FhirType.OBSERVATION.toJson(pending)).at("/status").asText())
        .isEqualTo("preliminary");
  }

  @Test
  void aVitalSignIsAFinalObservationInTheVitalSignsCategoryAndValidates() throws Exception {
    // Observation.category (observation-category, vital-signs), .code (LOINC), .value[x] as a
    // UCUM Quantity, .effective[x]: https://hl7.org/fhir/R4/observation.html and
    // https://hl7.org/fhir/R4/observation-vitalsigns.html
    org.carelake.model.Observation heartRate =
        new org.carelake.model.Observation(
            31,
            1042,
            77L,
            "vital-signs",
            "http://loinc.org",
            "8867-4",
            "Heart rate",
            new java.math.BigDecimal("74"),
            null,
            "/min",
            Instant.parse("2024-03-04T10:20:00Z"));
    org.hl7.fhir.r4.model.Observation resource = FhirMapper.otherObservation(heartRate);
    MappedResource mapped =
        new MappedResource(
            "Observation", resource.getIdElement().getIdPart(), FhirJson.serialize(resource));
    JsonNode observation = json(mapped);

    assertThat(mapped.id()).isEqualTo("observation-obs-31");
    assertThat(observation.at("/status").asText()).isEqualTo("final");
    assertThat(observation.at("/category/0/coding/0/code").asText()).isEqualTo("vital-signs");
    assertThat(observation.at("/code/coding/0/system").asText()).isEqualTo("http://loinc.org");
    assertThat(observation.at("/valueQuantity/code").asText()).isEqualTo("/min");
    assertValid(mapped);
  }

  @Test
  void aSurveyAnswerIsATextObservationInTheSurveyCategoryAndValidates() throws Exception {
    org.carelake.model.Observation smoking =
        new org.carelake.model.Observation(
            32,
            1042,
            77L,
            "survey",
            "http://loinc.org",
            "72166-2",
            "Tobacco smoking status",
            null,
            "Never smoked tobacco (finding)",
            null,
            Instant.parse("2024-03-04T10:20:00Z"));
    org.hl7.fhir.r4.model.Observation resource = FhirMapper.otherObservation(smoking);
    MappedResource mapped =
        new MappedResource(
            "Observation", resource.getIdElement().getIdPart(), FhirJson.serialize(resource));
    JsonNode observation = json(mapped);

    assertThat(observation.at("/category/0/coding/0/code").asText()).isEqualTo("survey");
    assertThat(observation.at("/valueString").asText()).isEqualTo("Never smoked tobacco (finding)");
    assertValid(mapped);
  }

  @Test
  void immunizationAndProcedureAreCompletedAndValidate() throws Exception {
    org.hl7.fhir.r4.model.Immunization immunization =
        FhirMapper.immunization(
            new org.carelake.model.Immunization(
                41,
                1042,
                77L,
                "140",
                "Influenza, seasonal, injectable, preservative free",
                Instant.parse("2024-03-04T10:30:00Z")));
    org.hl7.fhir.r4.model.Procedure procedure =
        FhirMapper.procedure(
            new org.carelake.model.Procedure(
                51,
                1042,
                77L,
                "http://snomed.info/sct",
                "399208008",
                "Plain chest X-ray (procedure)",
                Instant.parse("2024-03-04T11:00:00Z"),
                Instant.parse("2024-03-04T11:20:00Z"),
                "233604007"));
    MappedResource immunizationJson =
        new MappedResource("Immunization", "immunization-41", FhirJson.serialize(immunization));
    MappedResource procedureJson =
        new MappedResource("Procedure", "procedure-51", FhirJson.serialize(procedure));

    assertThat(json(immunizationJson).at("/vaccineCode/coding/0/system").asText())
        .isEqualTo("http://hl7.org/fhir/sid/cvx");
    assertThat(json(immunizationJson).at("/status").asText()).isEqualTo("completed");
    assertThat(json(procedureJson).at("/performedPeriod/end").asText())
        .isEqualTo("2024-03-04T11:20:00+00:00");
    assertThat(json(procedureJson).at("/reasonCode/0/coding/0/code").asText())
        .isEqualTo("233604007");
    assertValid(immunizationJson);
    assertValid(procedureJson);
  }

  @Test
  void appointmentHasStartEndAndAcceptedParticipantsAndValidates() throws Exception {
    // Appointment.status, .start, .end, .minutesDuration, .participant (actor, status),
    // app-3: https://hl7.org/fhir/R4/appointment.html
    MappedResource resource =
        FhirType.APPOINTMENT.toJson(
            new Appointment(
                31,
                1042,
                3L,
                1L,
                Instant.parse("2024-04-02T14:30:00Z"),
                20,
                "booked",
                "Diabetes follow-up",
                null));
    JsonNode appointment = json(resource);

    assertThat(appointment.at("/status").asText()).isEqualTo("booked");
    assertThat(appointment.at("/start").asText()).isEqualTo("2024-04-02T14:30:00.000+00:00");
    assertThat(appointment.at("/end").asText()).isEqualTo("2024-04-02T14:50:00.000+00:00");
    assertThat(appointment.at("/minutesDuration").asInt()).isEqualTo(20);
    assertThat(appointment.at("/participant/0/actor/reference").asText())
        .isEqualTo("Patient/patient-1042");
    assertThat(appointment.at("/participant/2/actor/reference").asText())
        .isEqualTo("Location/location-1");
    assertValid(resource);
  }

  @Test
  void idsAreStableAndDerivedFromTheBusinessKey() {
    MappedResource first = FhirType.PATIENT.toJson(PATIENT);
    MappedResource second = FhirType.PATIENT.toJson(PATIENT);

    assertThat(first).isEqualTo(second);
    assertThat(FhirType.ENCOUNTER.toJson(ENCOUNTER).id()).isEqualTo("encounter-77");
    assertThat(FhirIds.reference("MedicationRequest", 5))
        .isEqualTo("MedicationRequest/medicationrequest-5");
    assertThat(first.id()).matches("[A-Za-z0-9\\-.]{1,64}").doesNotContain(PATIENT.mrn());
  }

  @Test
  void everyReferenceInAChartResolvesToAResourceOfTheSameExport() throws Exception {
    SampleRecords samples = new SampleRecords(7);
    List<Record> records = new ArrayList<>(samples.providers());
    records.addAll(samples.chart(1));
    records.addAll(samples.chart(2));
    List<MappedResource> resources =
        records.stream()
            .map(record -> FhirType.ofRecord(record).orElseThrow().toJson(record))
            .toList();
    Set<String> present = new HashSet<>();
    resources.forEach(resource -> present.add(resource.resourceType() + "/" + resource.id()));
    List<String> references = new ArrayList<>();
    for (MappedResource resource : resources) {
      json(resource).findValues("reference").forEach(node -> references.add(node.asText()));
    }

    assertThat(references).hasSizeGreaterThan(30);
    assertThat(present).containsAll(references);
    assertThat(resources)
        .extracting(MappedResource::resourceType)
        .containsAll(FhirType.resourceTypes());
    assertThat(FhirValidation.get().validate(resources))
        .filteredOn(ValidationFinding::isError)
        .isEmpty();
  }

  @Test
  void anInvalidUcumUnitIsAnErrorLocatedAtTheQuantityCode() {
    LabResult wrongUnit =
        new LabResult(
            9003,
            1042,
            77L,
            "2345-7",
            "Glucose",
            new BigDecimal("5.5"),
            null,
            "mmol/litre",
            null,
            null,
            null,
            "N",
            Instant.parse("2024-03-04T11:00:00Z"),
            Instant.parse("2024-03-04T12:00:00Z"));

    List<ValidationFinding> findings =
        FhirValidation.get().validate(List.of(FhirType.OBSERVATION.toJson(wrongUnit)));

    assertThat(findings)
        .filteredOn(ValidationFinding::isError)
        .singleElement()
        .satisfies(
            finding -> {
              assertThat(finding.resourceType()).isEqualTo("Observation");
              assertThat(finding.id()).isEqualTo("observation-9003");
              assertThat(finding.location()).startsWith("Observation.value.ofType(Quantity)");
              assertThat(finding.message()).contains("mmol/litre");
            });
  }

  @Test
  void aBadCodeInTheJsonIsAnErrorLocatedAtItsElementInBatchAndAlone() {
    MappedResource good = FhirType.OBSERVATION.toJson(LAB_RESULT);
    MappedResource bad =
        new MappedResource(
            "Observation",
            good.id(),
            good.json().replace("\"status\":\"final\"", "\"status\":\"done\""));

    List<ValidationFinding> batch =
        FhirValidation.get().validate(List.of(FhirType.PATIENT.toJson(PATIENT), bad));
    List<ValidationFinding> alone = FhirValidation.get().validateOne(bad);

    for (List<ValidationFinding> findings : List.of(batch, alone)) {
      assertThat(findings)
          .filteredOn(ValidationFinding::isError)
          .isNotEmpty()
          .allSatisfy(
              finding -> {
                assertThat(finding.id()).isEqualTo("observation-9001");
                assertThat(finding.location()).startsWith("Observation.status");
                assertThat(finding.message()).contains("done");
              });
    }
  }

  @Test
  void aConditionWithoutItsPatientIsAnError() {
    Diagnosis orphan =
        new Diagnosis(
            503,
            77,
            null,
            "I10",
            "I10",
            "I10",
            "well_formed",
            9,
            "circulatory",
            "primary",
            null,
            null,
            "Hypertension");

    List<ValidationFinding> findings =
        FhirValidation.get().validate(List.of(FhirType.CONDITION.toJson(orphan)));

    assertThat(findings)
        .filteredOn(ValidationFinding::isError)
        .anySatisfy(finding -> assertThat(finding.message()).contains("Condition.subject"));
  }

  @Test
  void aRecordOfAnotherTypeIsRefusedWithTheFix() {
    assertThatThrownBy(() -> FhirType.PATIENT.map(ENCOUNTER))
        .isInstanceOf(CarelakeException.class)
        .hasMessage(
            "FHIR Patient resources are mapped from Patient records, but a Encounter was given;"
                + " map each silver table with its own FhirType.");
  }

  @Test
  void exportMetaIsInsertedAfterTheId() throws Exception {
    MappedResource resource = FhirType.PATIENT.toJson(PATIENT);

    JsonNode withMeta =
        JSON.readTree(FhirJson.withMeta(resource.json(), 3, "2024-05-01T10:00:00Z"));

    assertThat(withMeta.at("/meta/versionId").asText()).isEqualTo("3");
    assertThat(withMeta.at("/meta/lastUpdated").asText()).isEqualTo("2024-05-01T10:00:00Z");
    assertThat(withMeta.at("/id").asText()).isEqualTo("patient-1042");
  }

  @Test
  void theValidatorIsBuiltOncePerJvmAndReportsItsBuildTime() {
    assertThat(FhirValidation.get()).isSameAs(FhirValidation.get());
    assertThat(FhirValidation.get().buildSeconds()).isPositive();
  }
}
