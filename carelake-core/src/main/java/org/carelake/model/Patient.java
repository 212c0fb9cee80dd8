package org.carelake.model;

import java.time.LocalDate;

/**
 * A patient: identified demographics (silver is identified data).
 *
 * @param patientId the source's key
 * @param mrn the medical record number
 * @param givenName given name
 * @param familyName family name
 * @param birthDate date of birth
 * @param administrativeGender FHIR AdministrativeGender code: male, female, other, unknown
 * @param addressLine street address
 * @param city city
 * @param state two-letter state code
 * @param zip ZIP code (5 digits, or ZIP+4 as 12345-6789)
 * @param phone phone in E.164 (+15551234567)
 * @param email e-mail address, lower case
 * @param ssn national identifier (US SSN, 9 digits without dashes)
 * @param deceasedDate date of death, when deceased
 * @param personId the person this registration belongs to: the smallest patient id of the cluster
 *     of registrations silver's person matching joins (one person under several MRNs); null until
 *     matched
 * @param otherGivenNames second and further given names (middle names), space-separated, as the
 *     source recorded them; null when none
 * @param identifiers every identifier the source gave the patient, in HL7 CX notation ({@code
 *     id^^^authority^type}) joined by {@code ~}, so that a second MRN or an external identifier is
 *     kept; null when the source path records only the MRN
 */
public record Patient(
    long patientId,
    String mrn,
    String givenName,
    String familyName,
    LocalDate birthDate,
    String administrativeGender,
    String addressLine,
    String city,
    String state,
    String zip,
    String phone,
    String email,
    String ssn,
    LocalDate deceasedDate,
    Long personId,
    String otherGivenNames,
    String identifiers) {

  /** A patient without other given names and identifiers (the database path's columns). */
  public Patient(
      long patientId,
      String mrn,
      String givenName,
      String familyName,
      LocalDate birthDate,
      String administrativeGender,
      String addressLine,
      String city,
      String state,
      String zip,
      String phone,
      String email,
      String ssn,
      LocalDate deceasedDate,
      Long personId) {
    this(
        patientId,
        mrn,
        givenName,
        familyName,
        birthDate,
        administrativeGender,
        addressLine,
        city,
        state,
        zip,
        phone,
        email,
        ssn,
        deceasedDate,
        personId,
        null,
        null);
  }
}
