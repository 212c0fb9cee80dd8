package org.carelake.model;

/**
 * A facility where care happens (a hospital site, a clinic); FHIR Location.
 *
 * @param facilityId the source's key
 * @param organizationId the organization that runs it
 * @param name its name
 * @param facilityType free-text type as recorded
 * @param addressLine street address
 * @param city city
 * @param state two-letter state code
 * @param zip ZIP code
 * @param phone phone in E.164
 */
public record Facility(
    long facilityId,
    Long organizationId,
    String name,
    String facilityType,
    String addressLine,
    String city,
    String state,
    String zip,
    String phone) {}
