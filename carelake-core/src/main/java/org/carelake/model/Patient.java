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
    Long personId) {}
