package org.carelake.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import org.carelake.model.Observation;
import org.junit.jupiter.api.Test;

/** The identity of each part of the FHIR layer when two silver tables feed one resource type. */
class FhirTypeTest {

  @Test
  void everyTypeHasItsOwnLayerNameAndIdPrefix() {
    assertThat(Arrays.stream(FhirType.values()).map(FhirType::layerName)).doesNotHaveDuplicates();
    assertThat(Arrays.stream(FhirType.values()).map(FhirType::idPrefix)).doesNotHaveDuplicates();
    assertThat(FhirType.OBSERVATION.layerName()).isEqualTo("Observation");
    assertThat(FhirType.OBSERVATION_OTHER.layerName()).isEqualTo("Observation-observations");
    assertThat(FhirType.PATIENT.idPrefix()).isEqualTo("patient-");
  }

  @Test
  void laboratoryResultsDoNotOwnTheOtherObservationsWhoseIdsBeginWithTheirPrefix() {
    assertThat(FhirType.OBSERVATION.longerIdPrefixes()).containsExactly("observation-obs-");
    assertThat(FhirType.OBSERVATION_OTHER.longerIdPrefixes()).isEmpty();
    assertThat(FhirType.OBSERVATION.owns("observation-12")).isTrue();
    assertThat(FhirType.OBSERVATION.owns("observation-obs-12")).isFalse();
    assertThat(FhirType.OBSERVATION_OTHER.owns("observation-obs-12")).isTrue();
    assertThat(FhirType.OBSERVATION_OTHER.owns("observation-12")).isFalse();
  }

  @Test
  void theMappedIdOfEveryTypeBeginsWithItsPrefix() {
    Observation heartRate =
        new Observation(
            31,
            1042,
            77L,
            "vital-signs",
            "http://loinc.org",
            "8867-4",
            "Heart rate",
            new BigDecimal("74"),
            null,
            "/min",
            Instant.parse("2024-03-04T10:20:00Z"));

    MappedResource resource = FhirType.OBSERVATION_OTHER.toJson(heartRate);

    assertThat(resource.resourceType()).isEqualTo("Observation");
    assertThat(resource.id()).isEqualTo(FhirType.OBSERVATION_OTHER.idPrefix() + "31");
    assertThat(FhirType.ofRecord(heartRate)).contains(FhirType.OBSERVATION_OTHER);
    for (FhirType type : FhirType.values()) {
      assertThat(type.idPrefix())
          .as(type.name())
          .startsWith(type.resourceType().toLowerCase(Locale.ROOT) + "-");
    }
  }

  @Test
  void resourceTypesNameObservationOnceAndTheResourceTypeFindsItsFirstSource() {
    assertThat(FhirType.resourceTypes()).containsOnlyOnce("Observation").doesNotHaveDuplicates();
    assertThat(FhirType.ofResourceType("observation")).contains(FhirType.OBSERVATION);
  }
}
