package org.carelake.model;

/**
 * A healthcare organization (a hospital system, a clinic group, a laboratory).
 *
 * @param organizationId the source's key
 * @param name its name
 * @param organizationType free-text type as recorded (e.g. hospital, clinic)
 * @param addressLine street address
 * @param city city
 * @param state two-letter state code
 * @param zip ZIP code
 * @param phone phone in E.164
 */
public record Organization(
    long organizationId,
    String name,
    String organizationType,
    String addressLine,
    String city,
    String state,
    String zip,
    String phone) {}
