package org.carelake.hl7;

import static org.carelake.hl7.Fields.at;
import static org.carelake.hl7.Fields.value;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.v251.datatype.CE;
import ca.uhn.hl7v2.model.v251.datatype.TS;
import ca.uhn.hl7v2.model.v251.datatype.XAD;
import ca.uhn.hl7v2.model.v251.datatype.XPN;
import ca.uhn.hl7v2.model.v251.datatype.XTN;
import ca.uhn.hl7v2.model.v251.segment.DG1;
import ca.uhn.hl7v2.model.v251.segment.PID;
import ca.uhn.hl7v2.model.v251.segment.PV1;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.carelake.model.Diagnosis;
import org.carelake.model.Encounter;
import org.carelake.model.Patient;
import org.carelake.model.Practitioner;
import org.carelake.terminology.Icd10Chapter;
import org.carelake.terminology.Icd10Chapters;
import org.carelake.terminology.Icd10Code;
import org.carelake.terminology.Icd10Format;

/**
 * ADT^A01 (admit), A03 (discharge), A04 (register) and A08 (update) to Patient, Encounter and
 * Diagnosis (HL7 v2.5.1 Ch. 3.3.1, 3.3.3, 3.3.4, 3.3.8; segments PID Ch. 3.4.2, PV1 Ch. 3.4.3, DG1
 * Ch. 6.5.2).
 *
 * <p>The encounter is mapped when PV1-19 carries a visit number; A01 and A03 must carry one, and
 * PV1-44 (admit); A03 must carry PV1-45 (discharge). Diagnoses need the encounter. Segments are
 * read wherever the sender placed them ({@link Segments}): a DG1 after GT1 or IN1 is a diagnosis
 * like any other.
 *
 * <p>Every DG1 either maps or is rejected on its own with a located reason ({@link Hl7Rejection}):
 * a DG1 without a code or with a malformed date costs that diagnosis, not the patient and the
 * encounter.
 */
final class AdtMapper {
  /** PV1-36 Discharge Disposition (table 0112) to the EHR's vocabulary. */
  static final Map<String, String> DISPOSITIONS =
      Map.ofEntries(
          Map.entry("01", "home"),
          Map.entry("02", "transfer"),
          Map.entry("03", "skilled-nursing"),
          Map.entry("06", "home-health"),
          Map.entry("07", "left-against-advice"),
          Map.entry("09", "admitted"),
          Map.entry("20", "expired"),
          Map.entry("50", "hospice"),
          Map.entry("51", "hospice"),
          Map.entry("62", "rehabilitation"));

  private AdtMapper() {}

  static Hl7Records map(Segments message, String trigger, Findings findings) throws HL7Exception {
    PID pid = message.firstOrEmpty(PID.class);
    Optional<Fields.PatientKey> key = Fields.patientKey(pid, findings);
    List<Hl7Unparsed> unparsed = new ArrayList<>();
    Optional<Patient> patient = key.flatMap(k -> patient(pid, k, findings, true, unparsed));
    PV1 pv1 = message.firstOrEmpty(PV1.class);
    boolean visitRequired = trigger.equals("A01") || trigger.equals("A03");
    List<Encounter> encounters = new ArrayList<>();
    List<Diagnosis> diagnoses = new ArrayList<>();
    List<Practitioner> practitioners = new ArrayList<>();
    List<Hl7Rejection> rejected = new ArrayList<>();
    if (key.isPresent()) {
      Optional<Long> encounterId = Fields.encounterKey(pv1, key.get(), message.sendingFacility());
      if (encounterId.isEmpty() && visitRequired) {
        findings.error(
            at("PV1", 19),
            "visit number is missing; ADT^" + trigger + " needs it to key the encounter");
      }
      if (encounterId.isPresent()) {
        Optional<Practitioner> attending =
            Fields.practitioner(pv1.getAttendingDoctor(), "PV1", 7, findings);
        attending.ifPresent(practitioners::add);
        encounter(pv1, trigger, key.get(), encounterId.get(), attending, findings)
            .ifPresent(encounters::add);
        List<DG1> segments = message.all(DG1.class);
        for (int i = 0; i < segments.size(); i++) {
          Findings own = new Findings();
          Optional<Diagnosis> diagnosis =
              diagnosis(segments.get(i), i + 1, key.get(), encounterId.get(), own);
          findings.warnings.addAll(own.warnings);
          if (own.hasErrors() || diagnosis.isEmpty()) {
            rejected.add(new Hl7Rejection("diagnoses", "DG1[" + (i + 1) + "]", own.errors));
          } else {
            diagnoses.add(diagnosis.get());
          }
        }
      } else if (!message.all(DG1.class).isEmpty()) {
        List<DG1> segments = message.all(DG1.class);
        for (int i = 0; i < segments.size(); i++) {
          rejected.add(
              new Hl7Rejection(
                  "diagnoses",
                  "DG1[" + (i + 1) + "]",
                  List.of(
                      Hl7Problem.at(
                          at("PV1", 19),
                          "visit number is missing; a diagnosis belongs to an encounter, which"
                              + " PV1-19 keys"))));
        }
      }
    }
    if (findings.hasErrors()) {
      return Hl7Records.NONE;
    }
    return new Hl7Records(
        patient.map(List::of).orElse(List.of()),
        encounters,
        diagnoses,
        List.of(),
        List.of(),
        practitioners,
        rejected,
        unparsed);
  }

  /**
   * The patient an SIU or ORU message names, from its PID: often sparse (no birth date, no
   * address), mapped with what it gives so that the message's records point at a patient silver
   * holds; silver merges it field by field with the registration ADT gives. A PID whose fields are
   * malformed rejects the patient record alone.
   */
  static void sparsePatient(
      PID pid,
      Fields.PatientKey key,
      List<Patient> patients,
      List<Hl7Rejection> rejected,
      List<Hl7Unparsed> unparsed,
      Findings findings) {
    Findings own = new Findings();
    List<Hl7Unparsed> values = new ArrayList<>();
    Optional<Patient> patient = patient(pid, key, own, false, values);
    findings.warnings.addAll(own.warnings);
    if (own.hasErrors() || patient.isEmpty()) {
      rejected.add(new Hl7Rejection("patients", "PID", own.errors));
    } else if (patients.stream().noneMatch(p -> p.patientId() == key.patientId())) {
      patients.add(patient.get());
      unparsed.addAll(values);
    }
  }

  /**
   * PID (HL7 v2.5.1 Ch. 3.4.2): PID-5 name (the legal name, type L, else the first), PID-7 birth
   * date, PID-8 sex (table 0001) as FHIR administrative gender, PID-11 address, PID-13 phone and
   * e-mail, PID-19 SSN, PID-29 death date.
   *
   * <p>A PID-7 that is not a date does not stop the mapping: the patient maps without a birth date
   * and the text as sent goes to {@code unparsed}, for silver's declared rule PAT-003 to quarantine
   * the patient, as it does a registration of the database path whose birth date is not a date.
   */
  static Optional<Patient> patient(
      PID pid,
      Fields.PatientKey key,
      Findings findings,
      boolean birthRequired,
      List<Hl7Unparsed> unparsed) {
    XPN name = legalName(pid.getPatientName());
    String birthText = value(pid.getDateTimeOfBirth().getTime());
    Findings birthFindings = new Findings();
    Optional<LocalDate> birth = Hl7Values.date(birthText, at("PID", 7), birthFindings);
    String birthAsSent = birthFindings.hasErrors() ? birthText : null;
    if (birthRequired && birth.isEmpty() && birthText == null) {
      findings.error(
          at("PID", 7),
          "date/time of birth is missing; an ADT registration must carry it (a result or an appointment may name its patient without)");
    }
    birth
        .filter(date -> date.isAfter(LocalDate.now(ZoneOffset.UTC)))
        .ifPresent(date -> findings.error(at("PID", 7), "birth date is in the future"));
    String sex = value(pid.getAdministrativeSex());
    String gender = gender(sex);
    if (gender == null) {
      findings.warning(
          at("PID", 8),
          sex == null
              ? "administrative sex is missing"
              : "not an administrative sex of table 0001 (F, M, O, U, A, N)");
    }
    XAD address = pid.getPatientAddress().length > 0 ? pid.getPatientAddress(0) : null;
    String phone = null;
    String email = null;
    XTN[] phones = pid.getPhoneNumberHome();
    for (XTN xtn : phones) {
      String use = value(xtn.getTelecommunicationUseCode());
      String equipment = value(xtn.getTelecommunicationEquipmentType());
      if ("NET".equalsIgnoreCase(use) || "Internet".equalsIgnoreCase(equipment)) {
        if (email == null) {
          email = Optional.ofNullable(value(xtn.getEmailAddress())).orElse(null);
        }
      } else if (phone == null) {
        phone = phone(xtn);
      }
    }
    Optional<LocalDate> death =
        Hl7Values.date(value(pid.getPatientDeathDateAndTime().getTime()), at("PID", 29), findings);
    if (findings.hasErrors() || (birthRequired && birth.isEmpty() && birthAsSent == null)) {
      return Optional.empty();
    }
    if (birthAsSent != null) {
      unparsed.add(
          new Hl7Unparsed("patients", key.patientId(), "birth_date", at("PID", 7), birthAsSent));
    }
    return Optional.of(
        new Patient(
            key.patientId(),
            key.mrn(),
            name == null ? null : value(name.getGivenName()),
            name == null ? null : value(name.getFamilyName().getSurname()),
            birth.orElse(null),
            gender,
            address == null ? null : addressLine(address),
            address == null ? null : value(address.getCity()),
            address == null ? null : Fields.upper(value(address.getStateOrProvince())),
            address == null ? null : value(address.getZipOrPostalCode()),
            phone,
            email == null ? null : email.toLowerCase(Locale.ROOT),
            value(pid.getSSNNumberPatient()),
            death.orElse(null),
            null,
            name == null ? null : value(name.getSecondAndFurtherGivenNamesOrInitialsThereof()),
            key.identifiers()));
  }

  private static XPN legalName(XPN[] names) {
    for (XPN name : names) {
      if ("L".equalsIgnoreCase(value(name.getNameTypeCode()))) {
        return name;
      }
    }
    return names.length > 0 ? names[0] : null;
  }

  /** Table 0001 to FHIR AdministrativeGender; null when not in the table. */
  static String gender(String sex) {
    if (sex == null) {
      return null;
    }
    return switch (sex.toUpperCase(Locale.ROOT)) {
      case "F" -> "female";
      case "M" -> "male";
      case "O", "A" -> "other";
      case "U", "N" -> "unknown";
      default -> null;
    };
  }

  /** XAD-1.1 street, then XAD-2 other designation (apartment), as one line. */
  private static String addressLine(XAD address) {
    String street = value(address.getStreetAddress().getStreetOrMailingAddress());
    String other = value(address.getOtherDesignation());
    if (street == null) {
      return other;
    }
    return other == null ? street : street + " " + other;
  }

  /**
   * XTN-1 as sent when present (as the database path keeps the EHR's phone text); else E.164 from
   * XTN-5 country, XTN-6 area and XTN-7 local number (country 1 when absent).
   */
  private static String phone(XTN xtn) {
    String text = value(xtn.getTelephoneNumber());
    if (text != null) {
      return text;
    }
    String area = value(xtn.getAreaCityCode());
    String local = value(xtn.getLocalNumber());
    if (local == null) {
      return null;
    }
    String country = Optional.ofNullable(value(xtn.getCountryCode())).orElse("1");
    return "+" + country + (area == null ? "" : area) + local.replaceAll("[^0-9]", "");
  }

  /**
   * PV1 (HL7 v2.5.1 Ch. 3.4.3): PV1-2 patient class (table 0004: I, O, E; B obstetrics as
   * inpatient, R recurring as outpatient; O with PV1-18 patient type VIRTUAL as virtual), PV1-3.4
   * facility, PV1-4 admission type (table 0007: E emergency, U urgent, C and R elective), PV1-7
   * attending, PV1-36 discharge disposition (table 0112, mapped to the EHR's words), PV1-44 admit
   * and PV1-45 discharge date/time.
   */
  private static Optional<Encounter> encounter(
      PV1 pv1,
      String trigger,
      Fields.PatientKey patient,
      long encounterId,
      Optional<Practitioner> attending,
      Findings findings)
      throws HL7Exception {
    String patientClass = value(pv1.getPatientClass());
    String encounterClass = encounterClass(patientClass, value(pv1.getPatientType()));
    if (encounterClass == null) {
      findings.warning(
          at("PV1", 2),
          patientClass == null
              ? "patient class is missing"
              : "not a patient class carelake maps (I, O, E, B, R)");
    }
    Optional<Instant> admit =
        Hl7Values.instant(value(pv1.getAdmitDateTime().getTime()), at("PV1", 44), findings);
    if (admit.isEmpty() && value(pv1.getAdmitDateTime().getTime()) == null) {
      findings.error(at("PV1", 44), "admit date/time is missing; silver requires it");
    }
    Optional<Instant> discharge = Optional.empty();
    TS[] discharges = pv1.getDischargeDateTime();
    if (discharges.length > 0) {
      discharge = Hl7Values.instant(value(discharges[0].getTime()), at("PV1", 45), findings);
    }
    if (discharge.isEmpty() && trigger.equals("A03") && !findings.hasErrors()) {
      findings.error(at("PV1", 45), "discharge date/time is missing; ADT^A03 is a discharge");
    }
    if (admit.isPresent() && discharge.isPresent() && discharge.get().isBefore(admit.get())) {
      findings.error(at("PV1", 45), "discharge date/time is before the admit date/time PV1-44");
    }
    String disposition = value(pv1.getDischargeDisposition());
    if (admit.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Encounter(
            encounterId,
            patient.patientId(),
            encounterClass,
            admit.get(),
            discharge.orElse(null),
            disposition == null ? null : DISPOSITIONS.getOrDefault(disposition, disposition),
            attending.map(Practitioner::practitionerId).orElse(null),
            Fields.facility(pv1.getAssignedPatientLocation()),
            admissionType(value(pv1.getAdmissionType()))));
  }

  static String encounterClass(String patientClass, String patientType) {
    if (patientClass == null) {
      return null;
    }
    return switch (patientClass.toUpperCase(Locale.ROOT)) {
      case "I", "B" -> "inpatient";
      case "O", "R" -> "VIRTUAL".equalsIgnoreCase(patientType) ? "virtual" : "outpatient";
      case "E" -> "emergency";
      default -> null;
    };
  }

  static String admissionType(String code) {
    if (code == null) {
      return null;
    }
    return switch (code.toUpperCase(Locale.ROOT)) {
      case "E" -> "emergency";
      case "U" -> "urgent";
      case "C", "R" -> "elective";
      default -> null;
    };
  }

  /** Coding systems (HL7 table 0396) read as ICD-10-CM. */
  private static final String[] ICD10 = {"I10", "I10C", "ICD10CM", "ICD-10-CM", "ICD10"};

  /** Coding systems read as SNOMED CT. */
  private static final String[] SNOMED = {"SCT", "SNM", "SNM3", "SNOMEDCT", "SNOMED-CT"};

  /**
   * DG1 (HL7 v2.5.1 Ch. 6.5.2): DG1-3 diagnosis code in any coding system, kept with the system the
   * sender named (HL7 table 0396). ICD-10-CM (I10, I10C, ICD10CM) is classified as the database
   * path classifies it; SNOMED CT (SCT) also fills the SNOMED column; ICD-9-CM (I9, I9C) and local
   * codes are carried as sent. A code without a coding system is read as I10, with a warning. The
   * ICD-10-CM code is taken from the alternate identifier (CE-4, CE-6) when the primary is in
   * another system. DG1-4 description; DG1-5 date as onset; DG1-15 priority (1 primary, other
   * numbers secondary); DG1-20 diagnosis identifier as the key, else the key derived from the
   * encounter and the code.
   */
  private static Optional<Diagnosis> diagnosis(
      DG1 dg1, int occurrence, Fields.PatientKey patient, long encounterId, Findings findings) {
    CE code = dg1.getDiagnosisCodeDG1();
    String asSent = value(code.getIdentifier());
    String system = value(code.getNameOfCodingSystem());
    if (asSent == null) {
      asSent = value(code.getAlternateIdentifier());
      system = value(code.getNameOfAlternateCodingSystem());
    }
    if (asSent == null) {
      findings.error(
          at("DG1", occurrence, 3, 1, 1),
          "diagnosis code is missing (DG1-3.1 and DG1-3.4 are empty); a diagnosis needs a code");
      return Optional.empty();
    }
    String icd = Fields.code(code, ICD10);
    String snomed = Fields.code(code, SNOMED);
    if (system == null && icd == null) {
      // Senders often leave the coding system out; such a code is read as ICD-10-CM, the system
      // US encounter diagnoses are coded in, and classified (a code that is not one is flagged).
      icd = asSent;
      system = "I10";
      findings.warning(
          at("DG1", occurrence, 3, 1, 3), "coding system is missing; the code is read as I10");
    }
    Optional<LocalDate> onset =
        Hl7Values.date(
            value(dg1.getDiagnosisDateTime().getTime()), at("DG1", occurrence, 5, 1, 0), findings);
    String priority = value(dg1.getDiagnosisPriority());
    String rank = priority == null ? null : priority.equals("1") ? "primary" : "secondary";
    String identifier = value(dg1.getDiagnosisIdentifier().getEntityIdentifier());
    String keyCode = icd != null ? Icd10Code.normalize(icd).orElse(icd) : system + "|" + asSent;
    long diagnosisId =
        identifier != null
            ? Hl7Keys.of("diagnosis", identifier, Long.toString(encounterId))
            : Hl7Keys.derive("diagnosis", Long.toString(encounterId), keyCode);
    Icd10Format format = icd == null ? null : Icd10Code.formatOf(icd);
    boolean wellFormed = format == Icd10Format.WELL_FORMED;
    Optional<Icd10Chapter> chapter = wellFormed ? Icd10Chapters.chapterOf(icd) : Optional.empty();
    String description = value(code.getText());
    if (description == null) {
      description = value(dg1.getDiagnosisDescription());
    }
    if (findings.hasErrors()) {
      return Optional.empty();
    }
    return Optional.of(
        new Diagnosis(
            diagnosisId,
            encounterId,
            patient.patientId(),
            icd,
            wellFormed ? Icd10Code.normalize(icd).orElse(null) : null,
            wellFormed ? Icd10Code.normalize(icd).map(Icd10Code::dotted).orElse(null) : null,
            format == null ? null : format.name().toLowerCase(Locale.ROOT),
            chapter.map(Icd10Chapter::number).orElse(null),
            chapter.map(Icd10Chapter::title).orElse(null),
            rank,
            onset.orElse(null),
            snomed,
            description,
            asSent,
            system == null ? null : system.toUpperCase(Locale.ROOT),
            null,
            codeSystemUri(system)));
  }

  /**
   * The canonical URI of a coding system named as HL7 table 0396 names it, when it has one; a local
   * system keeps only its name in {@code source_code_system}.
   */
  private static String codeSystemUri(String system) {
    if (system == null) {
      return null;
    }
    return switch (system.toUpperCase(Locale.ROOT)) {
      case "I10", "I10C", "ICD10CM", "ICD-10-CM" -> org.carelake.fhir.FhirSystems.ICD10_CM;
      case "SCT", "SNOMED", "SNOMEDCT", "SNM" -> org.carelake.fhir.FhirSystems.SNOMED_CT;
      case "I9", "I9C", "ICD9CM" -> "http://hl7.org/fhir/sid/icd-9-cm";
      default -> null;
    };
  }
}
