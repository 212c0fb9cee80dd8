package org.carelake.fhir;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.carelake.core.Errors;
import org.carelake.model.Appointment;
import org.carelake.model.Diagnosis;
import org.carelake.model.Encounter;
import org.carelake.model.Facility;
import org.carelake.model.Immunization;
import org.carelake.model.LabResult;
import org.carelake.model.Organization;
import org.carelake.model.Patient;
import org.carelake.model.Practitioner;
import org.carelake.model.Prescription;
import org.carelake.model.Procedure;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * The FHIR resource types carelake writes, each with the silver entity it comes from, that entity's
 * record and business key, and its mapping. The order is the order of an export: a resource comes
 * after those it references.
 */
public enum FhirType {
  /** Organizations, from silver {@code organizations}. */
  ORGANIZATION(
      "Organization",
      "organizations",
      "organization_id",
      Organization.class,
      record -> FhirMapper.organization((Organization) record)),
  /** Facilities as Locations, from silver {@code facilities}. */
  LOCATION(
      "Location",
      "facilities",
      "facility_id",
      Facility.class,
      record -> FhirMapper.location((Facility) record)),
  /** Practitioners, from silver {@code practitioners}. */
  PRACTITIONER(
      "Practitioner",
      "practitioners",
      "practitioner_id",
      Practitioner.class,
      record -> FhirMapper.practitioner((Practitioner) record)),
  /** Patients, from silver {@code patients}. */
  PATIENT(
      "Patient",
      "patients",
      "patient_id",
      Patient.class,
      record -> FhirMapper.patient((Patient) record)),
  /** Encounters, from silver {@code encounters}. */
  ENCOUNTER(
      "Encounter",
      "encounters",
      "encounter_id",
      Encounter.class,
      record -> FhirMapper.encounter((Encounter) record)),
  /** Encounter diagnoses as Conditions, from silver {@code diagnoses}. */
  CONDITION(
      "Condition",
      "diagnoses",
      "diagnosis_id",
      Diagnosis.class,
      record -> FhirMapper.condition((Diagnosis) record)),
  /** Prescriptions as MedicationRequests, from silver {@code prescriptions}. */
  MEDICATION_REQUEST(
      "MedicationRequest",
      "prescriptions",
      "prescription_id",
      Prescription.class,
      record -> FhirMapper.medicationRequest((Prescription) record)),
  /** Laboratory results as Observations, from silver {@code lab_results}. */
  OBSERVATION(
      "Observation",
      "lab_results",
      "lab_result_id",
      LabResult.class,
      record -> FhirMapper.observation((LabResult) record)),
  /**
   * Other observations (vital signs, surveys, social history) as Observations, from silver {@code
   * observations} (imported sources only, such as Synthea). A second source of one resource type:
   * its resources have their own id prefix ({@code observation-obs-}), its step, sync position and
   * deletions are its own, and the export writes them into the one {@code Observation.ndjson}.
   */
  OBSERVATION_OTHER(
      "Observation",
      "Observation-observations",
      "observation-obs-",
      "observations",
      "observation_id",
      org.carelake.model.Observation.class,
      record -> FhirMapper.otherObservation((org.carelake.model.Observation) record)),
  /** Appointments, from silver {@code appointments}. */
  APPOINTMENT(
      "Appointment",
      "appointments",
      "appointment_id",
      Appointment.class,
      record -> FhirMapper.appointment((Appointment) record)),
  /** Immunizations, from silver {@code immunizations} (imported sources only, such as Synthea). */
  IMMUNIZATION(
      "Immunization",
      "immunizations",
      "immunization_id",
      Immunization.class,
      record -> FhirMapper.immunization((Immunization) record)),
  /** Procedures, from silver {@code procedures} (imported sources only, such as Synthea). */
  PROCEDURE(
      "Procedure",
      "procedures",
      "procedure_id",
      Procedure.class,
      record -> FhirMapper.procedure((Procedure) record));

  private final String resourceType;
  private final String layerName;
  private final String idPrefix;
  private final String silverEntity;
  private final String keyColumn;
  private final Class<? extends Record> recordType;
  private final Function<Record, IBaseResource> mapping;

  FhirType(
      String resourceType,
      String silverEntity,
      String keyColumn,
      Class<? extends Record> recordType,
      Function<Record, IBaseResource> mapping) {
    this(
        resourceType,
        resourceType,
        resourceType.toLowerCase(Locale.ROOT) + "-",
        silverEntity,
        keyColumn,
        recordType,
        mapping);
  }

  FhirType(
      String resourceType,
      String layerName,
      String idPrefix,
      String silverEntity,
      String keyColumn,
      Class<? extends Record> recordType,
      Function<Record, IBaseResource> mapping) {
    this.resourceType = resourceType;
    this.layerName = layerName;
    this.idPrefix = idPrefix;
    this.silverEntity = silverEntity;
    this.keyColumn = keyColumn;
    this.recordType = recordType;
    this.mapping = mapping;
  }

  /** The FHIR resource type, such as {@code MedicationRequest}. */
  public String resourceType() {
    return resourceType;
  }

  /**
   * The name of this part of the FHIR layer, unique among the types: the resource type when it is
   * the type's first source ({@code Observation} for laboratory results), the resource type and the
   * silver table otherwise ({@code Observation-observations}). It names the type's step ({@code
   * fhir:<name>}) and sync position ({@code fhir/_sync/<name>.json}).
   */
  public String layerName() {
    return layerName;
  }

  /**
   * The start of the ids of this type's resources, followed by the business key: {@code
   * observation-} for laboratory results, {@code observation-obs-} for other observations.
   */
  public String idPrefix() {
    return idPrefix;
  }

  /**
   * The id prefixes of the other types of the same resource type that begin with this type's prefix
   * (laboratory results' {@code observation-} is the start of {@code observation-obs-}): an id with
   * one of them belongs to that other type, not to this one.
   */
  public List<String> longerIdPrefixes() {
    return Arrays.stream(values())
        .filter(
            other ->
                other != this
                    && other.resourceType.equals(resourceType)
                    && other.idPrefix.startsWith(idPrefix))
        .map(FhirType::idPrefix)
        .toList();
  }

  /** Whether a resource of this type's resource type with an id belongs to this type. */
  public boolean owns(String id) {
    return id.startsWith(idPrefix) && longerIdPrefixes().stream().noneMatch(id::startsWith);
  }

  /** The silver table the resources come from, such as {@code prescriptions}. */
  public String silverEntity() {
    return silverEntity;
  }

  /** The silver table's business key column, such as {@code prescription_id}. */
  public String keyColumn() {
    return keyColumn;
  }

  /** The model record of a silver row. */
  public Class<? extends Record> recordType() {
    return recordType;
  }

  /**
   * Maps a record to its resource.
   *
   * @param record a record of {@link #recordType()}
   * @return a new resource
   * @throws org.carelake.core.CarelakeException when the record is of another type
   */
  public IBaseResource map(Record record) {
    if (!recordType.isInstance(record)) {
      throw Errors.fhirRecordTypeMismatch(this, recordType, record.getClass());
    }
    return mapping.apply(record);
  }

  /**
   * Maps a record and serializes the resource.
   *
   * @param record a record of {@link #recordType()}
   * @return the type, id and JSON of the resource
   */
  public MappedResource toJson(Record record) {
    IBaseResource resource = map(record);
    return new MappedResource(
        resourceType, resource.getIdElement().getIdPart(), FhirJson.serialize(resource));
  }

  /** The type with a resource type name, such as {@code Patient}, in any case. */
  public static Optional<FhirType> ofResourceType(String name) {
    return Arrays.stream(values())
        .filter(type -> type.resourceType.equalsIgnoreCase(name.strip()))
        .findFirst();
  }

  /** The type whose records are of a record's class. */
  public static Optional<FhirType> ofRecord(Record record) {
    return Arrays.stream(values()).filter(type -> type.recordType.isInstance(record)).findFirst();
  }

  /** The resource type names, each once, in export order. */
  public static List<String> resourceTypes() {
    return Arrays.stream(values()).map(FhirType::resourceType).distinct().toList();
  }
}
