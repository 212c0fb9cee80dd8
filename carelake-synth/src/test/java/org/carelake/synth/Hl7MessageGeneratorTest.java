package org.carelake.synth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.carelake.hl7.Hl7Framing;
import org.carelake.hl7.Hl7Reader;
import org.carelake.hl7.Hl7Reading;
import org.carelake.model.Encounter;
import org.carelake.model.Patient;
import org.carelake.source.Row;
import org.carelake.source.SourceTable;
import org.carelake.synth.Hl7MessageGenerator.Family;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Hl7MessageGeneratorTest {
  private static final GeneratorSettings SETTINGS = new GeneratorSettings(40, 42, 0.0);

  @Test
  void everyGeneratedMessageReadsWithoutErrors() {
    Hl7Reader reader = new Hl7Reader();
    List<String> messages =
        new Hl7MessageGenerator(SETTINGS).messages(600, EnumSet.allOf(Family.class));

    assertThat(messages).hasSize(600);
    for (String message : messages) {
      Hl7Reading reading = reader.read(message);
      assertThat(reading.errorLines()).as(reading.header().controlId()).isEmpty();
      assertThat(reading.records().size()).as(reading.header().controlId()).isPositive();
    }
  }

  @Test
  void admittedPatientIsTheRowTheSourceDatabaseHolds() {
    Hl7Reader reader = new Hl7Reader();
    String first = new Hl7MessageGenerator(SETTINGS).messages(1, Set.of(Family.ADT)).get(0);
    Patient patient = reader.read(first).records().patients().get(0);

    PatientGenerator generator = new PatientGenerator(new World(40, 42), new Ids());
    Row row = generator.generate(1, EhrGenerator.stream(42, 1)).patient();
    assertThat(patient.patientId()).isEqualTo(row.id());
    assertThat(patient.mrn()).isEqualTo(row.get("mrn"));
    assertThat(patient.givenName()).isEqualTo(row.get("given_name"));
    assertThat(patient.familyName()).isEqualTo(row.get("family_name"));
    assertThat(patient.birthDate()).isEqualTo(LocalDate.parse(row.get("birth_date")));
    assertThat(patient.administrativeGender()).isEqualTo(row.get("sex"));
    assertThat(patient.addressLine()).isEqualTo(row.get("address_line"));
    assertThat(patient.zip()).isEqualTo(row.get("zip"));
    assertThat(patient.phone()).isEqualTo(row.get("phone"));
    assertThat(patient.ssn()).isEqualTo(row.get("ssn"));
  }

  @Test
  void encountersCarryTheSourceKeysOfPatientPractitionerAndFacility() {
    Hl7Reader reader = new Hl7Reader();
    String first = new Hl7MessageGenerator(SETTINGS).messages(1, Set.of(Family.ADT)).get(0);
    Encounter encounter = reader.read(first).records().encounters().get(0);

    PatientGenerator generator = new PatientGenerator(new World(40, 42), new Ids());
    Row row = generator.generate(1, EhrGenerator.stream(42, 1)).rows(SourceTable.ENCOUNTERS).get(0);
    assertThat(encounter.encounterId()).isEqualTo(row.id());
    assertThat(encounter.encounterClass()).isEqualTo(row.get("encounter_class"));
    assertThat(encounter.attendingPractitionerId())
        .isEqualTo(Long.parseLong(row.get("attending_practitioner_id")));
    assertThat(encounter.facilityId()).isEqualTo(Long.parseLong(row.get("facility_id")));
  }

  @Test
  void writesBatchFilesThatSplitBackIntoTheMessages(@TempDir Path folder) throws Exception {
    Hl7MessageGenerator.Summary summary =
        new Hl7MessageGenerator(SETTINGS).write(700, EnumSet.allOf(Family.class), folder);

    assertThat(summary.messages()).isEqualTo(700);
    assertThat(summary.files()).isEqualTo(2);
    assertThat(summary.byType())
        .containsKeys("ADT^A01", "ADT^A03", "ADT^A04", "SIU^S12", "ORU^R01");
    int read = 0;
    try (var files = Files.list(folder)) {
      for (Path file : files.sorted().toList()) {
        read += Hl7Framing.split(Files.readString(file)).size();
      }
    }
    assertThat(read).isEqualTo(700);
  }
}
