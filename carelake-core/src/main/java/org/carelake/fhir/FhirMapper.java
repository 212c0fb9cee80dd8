package org.carelake.fhir;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import org.carelake.model.Diagnosis;
import org.carelake.model.Facility;
import org.carelake.model.LabResult;
import org.carelake.model.Prescription;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Appointment.AppointmentStatus;
import org.hl7.fhir.r4.model.Appointment.ParticipationStatus;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.Encounter.EncounterStatus;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationRequest.MedicationRequestIntent;
import org.hl7.fhir.r4.model.MedicationRequest.MedicationRequestStatus;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Observation.ObservationStatus;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Timing;

/**
 * Maps silver records to FHIR R4 resources. Each method is a pure function of its record: it reads
 * nothing else (except the bundled ICD-10-CM starter set, for displays) and the resource it returns
 * is new. Values the source did not give are left out, never invented; a record that breaks a FHIR
 * rule (a condition without a patient, a unit that is not UCUM) still maps, and the validator
 * reports it, so the finding can be traced to its row.
 *
 * <p>Thread-safe: the mapper holds no state.
 */
public final class FhirMapper {
  private static final TimeZone UTC = TimeZone.getTimeZone("UTC");

  /** HL7 v2 table 0078 abnormal flags and their v3 ObservationInterpretation displays. */
  private static final Map<String, String> INTERPRETATIONS =
      Map.ofEntries(
          Map.entry("N", "Normal"),
          Map.entry("L", "Low"),
          Map.entry("H", "High"),
          Map.entry("LL", "Critical low"),
          Map.entry("HH", "Critical high"),
          Map.entry("A", "Abnormal"),
          Map.entry("AA", "Critical abnormal"),
          Map.entry("<", "Off scale low"),
          Map.entry(">", "Off scale high"),
          Map.entry("S", "Susceptible"),
          Map.entry("R", "Resistant"),
          Map.entry("I", "Intermediate"),
          Map.entry("POS", "Positive"),
          Map.entry("NEG", "Negative"),
          Map.entry("IND", "Indeterminate"));

  /**
   * Dose units written as UCUM codes. A dose unit outside this list (such as {@code tablet}) is
   * kept as text only, because a non-UCUM code under the UCUM system is an error.
   */
  private static final Set<String> UCUM_DOSE_UNITS =
      Set.of(
          "mg", "g", "ug", "mcg", "ng", "kg", "mL", "L", "U", "[iU]", "meq", "mmol", "%", "mg/kg",
          "mg/mL", "U/kg", "[drp]", "puff");

  private FhirMapper() {}

  /**
   * A Patient (https://hl7.org/fhir/R4/patient.html): the MRN as an {@code MR} identifier, the SSN
   * under the us-ssn system, name, phone and e-mail, gender, birth date, home address, and the date
   * of death when deceased.
   */
  public static org.hl7.fhir.r4.model.Patient patient(org.carelake.model.Patient source) {
    org.hl7.fhir.r4.model.Patient patient = new org.hl7.fhir.r4.model.Patient();
    patient.setId(FhirIds.of("Patient", source.patientId()));
    if (source.mrn() != null) {
      patient.addIdentifier(
          new Identifier()
              .setUse(Identifier.IdentifierUse.USUAL)
              .setType(concept(FhirSystems.V2_IDENTIFIER_TYPE, "MR", "Medical record number"))
              .setSystem(FhirSystems.CARELAKE_MRN)
              .setValue(source.mrn()));
    }
    if (source.ssn() != null) {
      // The system says what the identifier is; a type from table 0203 (SS) would only draw a
      // warning, since SS is not in FHIR's extensible IdentifierType value set.
      patient.addIdentifier(
          new Identifier()
              .setUse(Identifier.IdentifierUse.OFFICIAL)
              .setSystem(FhirSystems.US_SSN)
              .setValue(source.ssn()));
    }
    // A deceased patient's record is no longer in active use; active is left out rather than
    // claimed either way, and deceasedDateTime says why.
    if (source.deceasedDate() == null) {
      patient.setActive(true);
    }
    if (source.familyName() != null || source.givenName() != null) {
      HumanName name = patient.addName().setUse(HumanName.NameUse.OFFICIAL);
      name.setFamily(source.familyName());
      if (source.givenName() != null) {
        name.addGiven(source.givenName());
      }
    }
    addPhone(patient.getTelecom(), source.phone(), ContactPoint.ContactPointUse.HOME);
    if (source.email() != null) {
      patient
          .addTelecom()
          .setSystem(ContactPoint.ContactPointSystem.EMAIL)
          .setValue(source.email())
          .setUse(ContactPoint.ContactPointUse.HOME);
    }
    if (source.administrativeGender() != null) {
      patient.setGender(gender(source.administrativeGender()));
    }
    if (source.birthDate() != null) {
      patient.setBirthDateElement(new DateType(source.birthDate().toString()));
    }
    if (source.deceasedDate() != null) {
      patient.setDeceased(date(source.deceasedDate()));
    }
    Address address =
        address(source.addressLine(), source.city(), source.state(), source.zip(), true);
    if (address != null) {
      patient.addAddress(address);
    }
    return patient;
  }

  /**
   * A Practitioner (https://hl7.org/fhir/R4/practitioner.html): the NPI under the us-npi system and
   * the name. The specialty and employer belong on a PractitionerRole, which carelake does not
   * write yet.
   */
  public static org.hl7.fhir.r4.model.Practitioner practitioner(
      org.carelake.model.Practitioner source) {
    org.hl7.fhir.r4.model.Practitioner practitioner = new org.hl7.fhir.r4.model.Practitioner();
    practitioner.setId(FhirIds.of("Practitioner", source.practitionerId()));
    if (source.npi() != null) {
      practitioner.addIdentifier(
          new Identifier()
              .setUse(Identifier.IdentifierUse.OFFICIAL)
              .setSystem(FhirSystems.US_NPI)
              .setValue(source.npi()));
    }
    practitioner.setActive(true);
    if (source.familyName() != null || source.givenName() != null) {
      HumanName name = practitioner.addName().setUse(HumanName.NameUse.OFFICIAL);
      name.setFamily(source.familyName());
      if (source.givenName() != null) {
        name.addGiven(source.givenName());
      }
    }
    return practitioner;
  }

  /**
   * An Organization (https://hl7.org/fhir/R4/organization.html): name, type (healthcare providers
   * coded {@code prov}), phone and address.
   */
  public static org.hl7.fhir.r4.model.Organization organization(
      org.carelake.model.Organization source) {
    org.hl7.fhir.r4.model.Organization organization = new org.hl7.fhir.r4.model.Organization();
    organization.setId(FhirIds.of("Organization", source.organizationId()));
    organization.setActive(true);
    organization.setName(source.name());
    if (source.organizationType() != null) {
      CodeableConcept type = new CodeableConcept().setText(source.organizationType());
      String lower = source.organizationType().toLowerCase(Locale.ROOT);
      if (Set.of("hospital", "clinic", "practice", "laboratory", "pharmacy").contains(lower)) {
        type.addCoding(new Coding(FhirSystems.ORGANIZATION_TYPE, "prov", "Healthcare Provider"));
      }
      organization.addType(type);
    }
    addPhone(organization.getTelecom(), source.phone(), ContactPoint.ContactPointUse.WORK);
    Address address =
        address(source.addressLine(), source.city(), source.state(), source.zip(), false);
    if (address != null) {
      organization.addAddress(address);
    }
    return organization;
  }

  /**
   * A Location for a facility (https://hl7.org/fhir/R4/location.html): name, type as text, phone,
   * address and the managing organization.
   */
  public static Location location(Facility source) {
    Location location = new Location();
    location.setId(FhirIds.of("Location", source.facilityId()));
    location.setStatus(Location.LocationStatus.ACTIVE);
    location.setMode(Location.LocationMode.INSTANCE);
    location.setName(source.name());
    if (source.facilityType() != null) {
      CodeableConcept type = new CodeableConcept().setText(source.facilityType());
      switch (source.facilityType().toLowerCase(Locale.ROOT)) {
        case "hospital" -> type.addCoding(new Coding(FhirSystems.V3_ROLE_CODE, "HOSP", "Hospital"));
        case "clinic" ->
            type.addCoding(new Coding(FhirSystems.V3_ROLE_CODE, "OF", "Outpatient facility"));
        default -> {}
      }
      location.addType(type);
    }
    addPhone(location.getTelecom(), source.phone(), ContactPoint.ContactPointUse.WORK);
    location.setAddress(
        address(source.addressLine(), source.city(), source.state(), source.zip(), false));
    if (source.organizationId() != null) {
      location.setManagingOrganization(reference("Organization", source.organizationId()));
    }
    return location;
  }

  /**
   * An Encounter (https://hl7.org/fhir/R4/encounter.html): status {@code finished} once discharged,
   * else {@code in-progress}; class from the v3 ActCode (IMP, AMB, EMER, VR); priority from the
   * admission type; the patient, the attending practitioner (ATND), the facility, the period and
   * the discharge disposition.
   */
  public static org.hl7.fhir.r4.model.Encounter encounter(org.carelake.model.Encounter source) {
    org.hl7.fhir.r4.model.Encounter encounter = new org.hl7.fhir.r4.model.Encounter();
    encounter.setId(FhirIds.of("Encounter", source.encounterId()));
    encounter.setStatus(
        source.dischargeTime() == null ? EncounterStatus.INPROGRESS : EncounterStatus.FINISHED);
    encounter.setClass_(encounterClass(source.encounterClass()));
    if (source.admissionType() != null) {
      Coding priority = priority(source.admissionType());
      if (priority != null) {
        encounter.setPriority(new CodeableConcept(priority));
      }
    }
    encounter.setSubject(reference("Patient", source.patientId()));
    if (source.attendingPractitionerId() != null) {
      encounter
          .addParticipant()
          .addType(concept(FhirSystems.V3_PARTICIPATION_TYPE, "ATND", "attender"))
          .setIndividual(reference("Practitioner", source.attendingPractitionerId()));
    }
    Period period = new Period();
    if (source.admitTime() != null) {
      period.setStartElement(instant(source.admitTime()));
    }
    if (source.dischargeTime() != null) {
      period.setEndElement(instant(source.dischargeTime()));
    }
    encounter.setPeriod(period);
    if (source.dischargeDisposition() != null) {
      encounter
          .getHospitalization()
          .setDischargeDisposition(new CodeableConcept().setText(source.dischargeDisposition()));
    }
    if (source.facilityId() != null) {
      encounter.addLocation().setLocation(reference("Location", source.facilityId()));
    }
    return encounter;
  }

  /**
   * A Condition for an encounter diagnosis (https://hl7.org/fhir/R4/condition.html): category
   * {@code encounter-diagnosis}; the code as ICD-10-CM (dotted, with the description of the release
   * silver classified it against as display, when the code is in it), as SNOMED CT with the
   * source's description as display when the source coded it so, and the source's description as
   * text; the patient, the encounter and the onset date. A malformed code is kept as text only.
   */
  public static Condition condition(Diagnosis source) {
    Condition condition = new Condition();
    condition.setId(FhirIds.of("Condition", source.diagnosisId()));
    condition.addCategory(
        concept(FhirSystems.CONDITION_CATEGORY, "encounter-diagnosis", "Encounter Diagnosis"));
    CodeableConcept code = new CodeableConcept();
    if (source.icd10CodeDotted() != null) {
      Coding icd = new Coding().setSystem(FhirSystems.ICD10_CM).setCode(source.icd10CodeDotted());
      // The row's own description comes from the release loaded in the lake; the starter set
      // would give another edition's wording, or none for a code it lacks.
      icd.setDisplay(source.icd10Description());
      code.addCoding(icd);
    }
    if (source.snomedCode() != null) {
      code.addCoding(
          new Coding()
              .setSystem(FhirSystems.SNOMED_CT)
              .setCode(source.snomedCode())
              .setDisplay(source.description()));
    }
    if (source.description() != null) {
      code.setText(source.description());
    } else if (source.icd10CodeDotted() == null && source.icd10CodeAsEntered() != null) {
      code.setText(source.icd10CodeAsEntered());
    }
    condition.setCode(code);
    if (source.patientId() != null) {
      condition.setSubject(reference("Patient", source.patientId()));
    }
    condition.setEncounter(reference("Encounter", source.encounterId()));
    if (source.onsetDate() != null) {
      condition.setOnset(date(source.onsetDate()));
    }
    return condition;
  }

  /**
   * A MedicationRequest (https://hl7.org/fhir/R4/medicationrequest.html): intent {@code order};
   * status from the source; the medication as RxNorm with the drug's name; the patient, encounter
   * and prescriber; one dosage instruction with its text, route, timing (the frequency as text,
   * bounded by the start and end dates) and dose (UCUM where the unit is one).
   */
  public static MedicationRequest medicationRequest(Prescription source) {
    MedicationRequest request = new MedicationRequest();
    request.setId(FhirIds.of("MedicationRequest", source.prescriptionId()));
    request.setStatus(medicationStatus(source.status()));
    request.setIntent(MedicationRequestIntent.ORDER);
    CodeableConcept medication = new CodeableConcept();
    if (source.rxnormCode() != null) {
      medication.addCoding(new Coding(FhirSystems.RXNORM, source.rxnormCode(), source.drugName()));
    }
    medication.setText(source.drugName());
    request.setMedication(medication);
    request.setSubject(reference("Patient", source.patientId()));
    if (source.encounterId() != null) {
      request.setEncounter(reference("Encounter", source.encounterId()));
    }
    if (source.startDate() != null) {
      request.setAuthoredOnElement(date(source.startDate()));
    }
    if (source.prescriberId() != null) {
      request.setRequester(reference("Practitioner", source.prescriberId()));
    }
    Dosage dosage = request.addDosageInstruction();
    dosage.setText(dosageText(source));
    if (source.route() != null) {
      dosage.setRoute(new CodeableConcept().setText(source.route()));
    }
    if (source.frequency() != null || source.startDate() != null) {
      Timing timing = new Timing();
      if (source.frequency() != null) {
        timing.setCode(new CodeableConcept().setText(source.frequency()));
      }
      if (source.startDate() != null) {
        Period bounds = new Period().setStartElement(date(source.startDate()));
        if (source.endDate() != null) {
          bounds.setEndElement(date(source.endDate()));
        }
        timing.getRepeat().setBounds(bounds);
      }
      dosage.setTiming(timing);
    }
    if (source.doseQuantity() != null) {
      Quantity dose = new Quantity().setValue(source.doseQuantity());
      if (source.doseUnit() != null) {
        dose.setUnit(source.doseUnit());
        if (UCUM_DOSE_UNITS.contains(source.doseUnit())) {
          dose.setSystem(FhirSystems.UCUM)
              .setCode("mcg".equals(source.doseUnit()) ? "ug" : source.doseUnit());
        }
      }
      dosage.addDoseAndRate().setDose(dose);
    }
    return request;
  }

  /**
   * A laboratory Observation (https://hl7.org/fhir/R4/observation.html): status {@code final} once
   * resulted with a value, else {@code preliminary}; category {@code laboratory}; the LOINC code
   * with the test's name; the value as a UCUM quantity or as text (with a data-absent reason when
   * there is none); the reference range (low, high and text); the interpretation from the HL7 v2
   * abnormal flag (table 0078) as v3 ObservationInterpretation; the patient, encounter, collection
   * time as the effective time and the result time as issued.
   */
  public static Observation observation(LabResult source) {
    Observation observation = new Observation();
    observation.setId(FhirIds.of("Observation", source.labResultId()));
    boolean hasValue = source.valueNumeric() != null || source.valueText() != null;
    observation.setStatus(
        source.resultedAt() != null && hasValue
            ? ObservationStatus.FINAL
            : ObservationStatus.PRELIMINARY);
    observation.addCategory(concept(FhirSystems.OBSERVATION_CATEGORY, "laboratory", "Laboratory"));
    CodeableConcept code = new CodeableConcept();
    if (source.loincCode() != null) {
      code.addCoding(new Coding(FhirSystems.LOINC, source.loincCode(), source.testName()));
    }
    code.setText(source.testName());
    observation.setCode(code);
    observation.setSubject(reference("Patient", source.patientId()));
    if (source.encounterId() != null) {
      observation.setEncounter(reference("Encounter", source.encounterId()));
    }
    if (source.collectedAt() != null) {
      observation.setEffective(instant(source.collectedAt()));
    }
    if (source.resultedAt() != null) {
      observation.setIssued(Date.from(source.resultedAt()));
    }
    if (source.valueNumeric() != null) {
      observation.setValue(quantity(source.valueNumeric(), source.unit()));
    } else if (source.valueText() != null) {
      observation.setValue(new StringType(source.valueText()));
    } else {
      observation.setDataAbsentReason(
          concept(FhirSystems.DATA_ABSENT_REASON, "unknown", "Unknown"));
    }
    if (source.abnormalFlag() != null) {
      String flag = source.abnormalFlag().toUpperCase(Locale.ROOT);
      String display = INTERPRETATIONS.get(flag);
      observation.addInterpretation(
          display == null
              ? new CodeableConcept().setText(source.abnormalFlag())
              : concept(FhirSystems.V3_OBSERVATION_INTERPRETATION, flag, display));
    }
    if (source.referenceLow() != null
        || source.referenceHigh() != null
        || source.referenceRange() != null) {
      Observation.ObservationReferenceRangeComponent range = observation.addReferenceRange();
      if (source.referenceLow() != null) {
        range.setLow(quantity(source.referenceLow(), source.unit()));
      }
      if (source.referenceHigh() != null) {
        range.setHigh(quantity(source.referenceHigh(), source.unit()));
      }
      range.setText(source.referenceRange());
    }
    return observation;
  }

  /** FHIR's observation categories (https://hl7.org/fhir/R4/valueset-observation-category.html). */
  private static final Map<String, String> OBSERVATION_CATEGORIES =
      Map.of(
          "social-history", "Social History",
          "vital-signs", "Vital Signs",
          "imaging", "Imaging",
          "laboratory", "Laboratory",
          "procedure", "Procedure",
          "survey", "Survey",
          "exam", "Exam",
          "therapy", "Therapy",
          "activity", "Activity");

  /**
   * An Observation other than a laboratory result (https://hl7.org/fhir/R4/observation.html): a
   * vital sign, survey answer, social-history or exam finding. Its id is {@code
   * observation-obs-<key>}, apart from laboratory results' {@code observation-<key>}, as both come
   * from different silver tables with keys of their own. Status {@code final} when it has a value
   * and a time, else {@code preliminary}; the category coded in FHIR's observation-category system
   * (text only when the source's is not one of them); the code in its system with the source's
   * name; the value as a UCUM quantity or as text (with a data-absent reason when there is none);
   * the patient, encounter and effective time.
   */
  public static Observation otherObservation(org.carelake.model.Observation source) {
    Observation observation = new Observation();
    observation.setId("observation-obs-" + source.observationId());
    boolean hasValue = source.valueNumeric() != null || source.valueText() != null;
    observation.setStatus(
        hasValue && source.effectiveAt() != null
            ? ObservationStatus.FINAL
            : ObservationStatus.PRELIMINARY);
    if (source.category() != null) {
      String display = OBSERVATION_CATEGORIES.get(source.category());
      observation.addCategory(
          display == null
              ? new CodeableConcept().setText(source.category())
              : concept(FhirSystems.OBSERVATION_CATEGORY, source.category(), display));
    }
    CodeableConcept code = new CodeableConcept();
    if (source.code() != null && source.codeSystem() != null) {
      code.addCoding(new Coding(source.codeSystem(), source.code(), source.description()));
    }
    code.setText(source.description() != null ? source.description() : source.code());
    observation.setCode(code);
    observation.setSubject(reference("Patient", source.patientId()));
    if (source.encounterId() != null) {
      observation.setEncounter(reference("Encounter", source.encounterId()));
    }
    if (source.effectiveAt() != null) {
      observation.setEffective(instant(source.effectiveAt()));
    }
    if (source.valueNumeric() != null) {
      observation.setValue(quantity(source.valueNumeric(), source.unit()));
    } else if (source.valueText() != null) {
      observation.setValue(new StringType(source.valueText()));
    } else {
      observation.setDataAbsentReason(
          concept(FhirSystems.DATA_ABSENT_REASON, "unknown", "Unknown"));
    }
    return observation;
  }

  /**
   * An Immunization (https://hl7.org/fhir/R4/immunization.html): status {@code completed} (the
   * source records vaccines given); the vaccine in CVX with the source's name; the patient,
   * encounter and time given.
   */
  public static org.hl7.fhir.r4.model.Immunization immunization(
      org.carelake.model.Immunization source) {
    org.hl7.fhir.r4.model.Immunization immunization = new org.hl7.fhir.r4.model.Immunization();
    immunization.setId(FhirIds.of("Immunization", source.immunizationId()));
    immunization.setStatus(org.hl7.fhir.r4.model.Immunization.ImmunizationStatus.COMPLETED);
    CodeableConcept vaccine = new CodeableConcept();
    if (source.cvxCode() != null) {
      vaccine.addCoding(new Coding(FhirSystems.CVX, source.cvxCode(), source.description()));
    }
    vaccine.setText(source.description());
    immunization.setVaccineCode(vaccine);
    immunization.setPatient(reference("Patient", source.patientId()));
    if (source.encounterId() != null) {
      immunization.setEncounter(reference("Encounter", source.encounterId()));
    }
    if (source.administeredAt() != null) {
      immunization.setOccurrence(instant(source.administeredAt()));
    }
    return immunization;
  }

  /**
   * A Procedure (https://hl7.org/fhir/R4/procedure.html): status {@code completed} (the source
   * records procedures performed); the code in its system with the source's name; the patient and
   * encounter; the performed period (or time, without an end); the reason as a code of the
   * procedure's system (SNOMED CT for Synthea).
   */
  public static org.hl7.fhir.r4.model.Procedure procedure(org.carelake.model.Procedure source) {
    org.hl7.fhir.r4.model.Procedure procedure = new org.hl7.fhir.r4.model.Procedure();
    procedure.setId(FhirIds.of("Procedure", source.procedureId()));
    procedure.setStatus(org.hl7.fhir.r4.model.Procedure.ProcedureStatus.COMPLETED);
    CodeableConcept code = new CodeableConcept();
    if (source.code() != null && source.codeSystem() != null) {
      code.addCoding(new Coding(source.codeSystem(), source.code(), source.description()));
    }
    code.setText(source.description() != null ? source.description() : source.code());
    procedure.setCode(code);
    procedure.setSubject(reference("Patient", source.patientId()));
    if (source.encounterId() != null) {
      procedure.setEncounter(reference("Encounter", source.encounterId()));
    }
    if (source.performedAt() != null && source.performedEnd() != null) {
      procedure.setPerformed(
          new Period()
              .setStartElement(instant(source.performedAt()))
              .setEndElement(instant(source.performedEnd())));
    } else if (source.performedAt() != null) {
      procedure.setPerformed(instant(source.performedAt()));
    }
    if (source.reasonCode() != null) {
      CodeableConcept reason = new CodeableConcept();
      if (source.codeSystem() != null) {
        reason.addCoding(new Coding().setSystem(source.codeSystem()).setCode(source.reasonCode()));
      } else {
        reason.setText(source.reasonCode());
      }
      procedure.addReasonCode(reason);
    }
    return procedure;
  }

  /**
   * An Appointment (https://hl7.org/fhir/R4/appointment.html): status from the source; start, end
   * (start plus the slot's minutes) and duration; the reason as text; the patient, practitioner and
   * location as participants who accepted.
   */
  public static org.hl7.fhir.r4.model.Appointment appointment(
      org.carelake.model.Appointment source) {
    org.hl7.fhir.r4.model.Appointment appointment = new org.hl7.fhir.r4.model.Appointment();
    appointment.setId(FhirIds.of("Appointment", source.appointmentId()));
    appointment.setStatus(appointmentStatus(source.status()));
    if (source.reason() != null) {
      appointment.addReasonCode(new CodeableConcept().setText(source.reason()));
    }
    if (source.slotStart() != null) {
      appointment.setStart(Date.from(source.slotStart()));
      if (source.slotMinutes() != null) {
        appointment.setEnd(Date.from(source.slotStart().plusSeconds(60L * source.slotMinutes())));
        appointment.setMinutesDuration(source.slotMinutes());
      }
    }
    appointment
        .addParticipant()
        .setActor(reference("Patient", source.patientId()))
        .setStatus(ParticipationStatus.ACCEPTED);
    if (source.practitionerId() != null) {
      appointment
          .addParticipant()
          .setActor(reference("Practitioner", source.practitionerId()))
          .setStatus(ParticipationStatus.ACCEPTED);
    }
    if (source.facilityId() != null) {
      appointment
          .addParticipant()
          .setActor(reference("Location", source.facilityId()))
          .setStatus(ParticipationStatus.ACCEPTED);
    }
    return appointment;
  }

  private static Reference reference(String resourceType, long key) {
    return new Reference(FhirIds.reference(resourceType, key));
  }

  private static CodeableConcept concept(String system, String code, String display) {
    return new CodeableConcept(new Coding(system, code, display));
  }

  private static DateTimeType instant(Instant instant) {
    return new DateTimeType(Date.from(instant), TemporalPrecisionEnum.SECOND, UTC);
  }

  private static DateTimeType date(LocalDate date) {
    return new DateTimeType(date.toString());
  }

  private static Quantity quantity(BigDecimal value, String unit) {
    Quantity quantity = new Quantity().setValue(value);
    if (unit != null) {
      quantity.setUnit(unit).setSystem(FhirSystems.UCUM).setCode(unit);
    }
    return quantity;
  }

  private static void addPhone(
      java.util.List<ContactPoint> telecom, String phone, ContactPoint.ContactPointUse use) {
    if (phone != null) {
      telecom.add(
          new ContactPoint()
              .setSystem(ContactPoint.ContactPointSystem.PHONE)
              .setValue(phone)
              .setUse(use));
    }
  }

  private static Address address(String line, String city, String state, String zip, boolean home) {
    if (line == null && city == null && state == null && zip == null) {
      return null;
    }
    Address address = new Address();
    address.setUse(home ? Address.AddressUse.HOME : Address.AddressUse.WORK);
    if (line != null) {
      address.addLine(line);
    }
    address.setCity(city).setState(state).setPostalCode(zip).setCountry("US");
    return address;
  }

  private static AdministrativeGender gender(String code) {
    return switch (code) {
      case "male" -> AdministrativeGender.MALE;
      case "female" -> AdministrativeGender.FEMALE;
      case "other" -> AdministrativeGender.OTHER;
      default -> AdministrativeGender.UNKNOWN;
    };
  }

  private static Coding encounterClass(String encounterClass) {
    String value = encounterClass == null ? "" : encounterClass;
    return switch (value) {
      case "inpatient" -> new Coding(FhirSystems.V3_ACT_CODE, "IMP", "inpatient encounter");
      case "outpatient" -> new Coding(FhirSystems.V3_ACT_CODE, "AMB", "ambulatory");
      case "emergency" -> new Coding(FhirSystems.V3_ACT_CODE, "EMER", "emergency");
      case "virtual" -> new Coding(FhirSystems.V3_ACT_CODE, "VR", "virtual");
      default -> new Coding(FhirSystems.V3_NULL_FLAVOR, "UNK", "unknown");
    };
  }

  private static Coding priority(String admissionType) {
    return switch (admissionType.toLowerCase(Locale.ROOT)) {
      case "emergency" -> new Coding(FhirSystems.V3_ACT_PRIORITY, "EM", "emergency");
      case "urgent" -> new Coding(FhirSystems.V3_ACT_PRIORITY, "UR", "urgent");
      case "elective" -> new Coding(FhirSystems.V3_ACT_PRIORITY, "EL", "elective");
      default -> null;
    };
  }

  private static MedicationRequestStatus medicationStatus(String status) {
    if (status == null) {
      return MedicationRequestStatus.UNKNOWN;
    }
    return switch (status.toLowerCase(Locale.ROOT)) {
      case "active" -> MedicationRequestStatus.ACTIVE;
      case "on-hold", "on_hold", "held" -> MedicationRequestStatus.ONHOLD;
      case "cancelled", "canceled" -> MedicationRequestStatus.CANCELLED;
      case "completed" -> MedicationRequestStatus.COMPLETED;
      case "stopped", "discontinued" -> MedicationRequestStatus.STOPPED;
      case "draft" -> MedicationRequestStatus.DRAFT;
      case "entered-in-error" -> MedicationRequestStatus.ENTEREDINERROR;
      default -> MedicationRequestStatus.UNKNOWN;
    };
  }

  private static AppointmentStatus appointmentStatus(String status) {
    if (status == null) {
      return AppointmentStatus.PROPOSED;
    }
    return switch (status.toLowerCase(Locale.ROOT)) {
      case "booked", "scheduled" -> AppointmentStatus.BOOKED;
      case "arrived" -> AppointmentStatus.ARRIVED;
      case "fulfilled", "completed" -> AppointmentStatus.FULFILLED;
      case "cancelled", "canceled" -> AppointmentStatus.CANCELLED;
      case "noshow", "no-show", "no_show" -> AppointmentStatus.NOSHOW;
      case "checked-in" -> AppointmentStatus.CHECKEDIN;
      case "pending" -> AppointmentStatus.PENDING;
      case "waitlist" -> AppointmentStatus.WAITLIST;
      default -> AppointmentStatus.PROPOSED;
    };
  }

  private static String dosageText(Prescription source) {
    StringBuilder text = new StringBuilder();
    if (source.doseQuantity() != null) {
      text.append(source.doseQuantity().stripTrailingZeros().toPlainString());
      if (source.doseUnit() != null) {
        text.append(' ').append(source.doseUnit());
      }
    }
    for (String part : new String[] {source.route(), source.frequency()}) {
      if (part != null) {
        if (text.length() > 0) {
          text.append(' ');
        }
        text.append(part);
      }
    }
    return text.length() == 0 ? source.drugName() : text.toString();
  }
}
