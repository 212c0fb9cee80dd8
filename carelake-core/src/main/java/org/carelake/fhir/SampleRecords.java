package org.carelake.fhir;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.carelake.model.Appointment;
import org.carelake.model.Diagnosis;
import org.carelake.model.Encounter;
import org.carelake.model.Facility;
import org.carelake.model.LabResult;
import org.carelake.model.Organization;
import org.carelake.model.Patient;
import org.carelake.model.Practitioner;
import org.carelake.model.Prescription;
import org.carelake.terminology.Icd10Entry;
import org.carelake.terminology.Icd10StarterSet;

/**
 * Realistic, deterministic silver records of every entity, consistent in their references, for the
 * FHIR benchmark and tests. The people are made up; codes are real (ICD-10-CM from the starter set,
 * LOINC, RxNorm, UCUM).
 */
final class SampleRecords {
  private static final String[] GIVEN = {"Maria", "James", "Aiko", "Omar", "Grace", "Luis"};
  private static final String[] FAMILY = {"Garcia", "Smith", "Tanaka", "Haddad", "Okafor", "Novak"};
  private static final String[] CLASSES = {"inpatient", "outpatient", "emergency", "virtual"};
  private static final String[][] LABS = {
    {"2345-7", "Glucose [Mass/volume] in Serum or Plasma", "mg/dL", "70", "99", "60", "180"},
    {"718-7", "Hemoglobin [Mass/volume] in Blood", "g/dL", "12.0", "16.0", "9", "18"},
    {"2160-0", "Creatinine [Mass/volume] in Serum or Plasma", "mg/dL", "0.6", "1.3", "0.4", "3"},
    {"2951-2", "Sodium [Moles/volume] in Serum or Plasma", "mmol/L", "135", "145", "125", "150"},
    {
      "6690-2",
      "Leukocytes [#/volume] in Blood by Automated count",
      "10*3/uL",
      "4.5",
      "11.0",
      "2",
      "20"
    },
    {"4548-4", "Hemoglobin A1c/Hemoglobin.total in Blood", "%", "4.0", "5.6", "4.5", "11"}
  };
  private static final String[][] DRUGS = {
    {"860975", "metformin hydrochloride 500 MG Oral Tablet", "500", "mg", "oral", "BID"},
    {"314076", "lisinopril 10 MG Oral Tablet", "10", "mg", "oral", "QD"},
    {"197361", "amlodipine 5 MG Oral Tablet", "5", "mg", "oral", "QD"},
    {"617312", "atorvastatin 40 MG Oral Tablet", "40", "mg", "oral", "QD"},
    {"1807627", "ceftriaxone 1000 MG Injection", "1", "g", "IV", "q24h"}
  };

  private final Random random;
  private final List<Icd10Entry> codes = Icd10StarterSet.entries();
  private final Instant base = Instant.parse("2024-03-01T08:00:00Z");

  /** A generator; the same seed gives the same records. */
  SampleRecords(long seed) {
    this.random = new Random(seed);
  }

  /** One organization, one facility and three practitioners: what every chart references. */
  List<Record> providers() {
    List<Record> records = new ArrayList<>();
    records.add(
        new Organization(
            1,
            "Riverside Health",
            "hospital",
            "100 River Rd",
            "Springfield",
            "IL",
            "62701",
            "+12175550100"));
    records.add(
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
    records.add(new Practitioner(1, "1245319599", "Ana", "Ruiz", "internal medicine", 1L));
    records.add(new Practitioner(2, "1679576722", "Ben", "Cole", "emergency medicine", 1L));
    records.add(new Practitioner(3, "1982736450", "Chen", "Wu", "cardiology", 1L));
    return records;
  }

  /**
   * The records of one patient: the patient, two encounters, a diagnosis on each, a prescription,
   * three lab results, an appointment, an immunization and a procedure (thirteen records, mapped to
   * thirteen resources).
   */
  List<Record> chart(long patientId) {
    List<Record> records = new ArrayList<>();
    records.add(
        new Patient(
            patientId,
            String.format("MRN%08d", patientId),
            pick(GIVEN),
            pick(FAMILY),
            LocalDate.of(1940 + random.nextInt(70), 1 + random.nextInt(12), 1 + random.nextInt(28)),
            random.nextBoolean() ? "female" : "male",
            (1 + random.nextInt(900)) + " Oak St",
            "Springfield",
            "IL",
            "627" + String.format("%02d", random.nextInt(100)),
            String.format("+1217555%04d", random.nextInt(10_000)),
            "patient" + patientId + "@example.org",
            String.format("%09d", 100_000_000 + random.nextInt(800_000_000)),
            null,
            null));
    for (int i = 0; i < 2; i++) {
      long encounterId = patientId * 10 + i;
      Instant admit = base.plusSeconds(3600L * random.nextInt(24 * 300));
      String encounterClass = CLASSES[random.nextInt(CLASSES.length)];
      boolean inpatient = "inpatient".equals(encounterClass);
      records.add(
          new Encounter(
              encounterId,
              patientId,
              encounterClass,
              admit,
              admit.plusSeconds(inpatient ? 3 * 86_400L : 5_400L),
              inpatient ? "Discharged to home" : null,
              1L + random.nextInt(3),
              1L,
              inpatient ? "elective" : null));
      Icd10Entry code = codes.get(random.nextInt(codes.size()));
      records.add(
          new Diagnosis(
              encounterId,
              encounterId,
              patientId,
              code.dottedCode(),
              code.code(),
              code.dottedCode(),
              "well_formed",
              code.chapter().number(),
              code.chapter().title(),
              i == 0 ? "primary" : "secondary",
              LocalDate.ofInstant(admit, java.time.ZoneOffset.UTC),
              null,
              code.shortDescription()));
      if (i == 0) {
        String[] drug = pick(DRUGS);
        LocalDate start = LocalDate.ofInstant(admit, java.time.ZoneOffset.UTC);
        records.add(
            new Prescription(
                encounterId,
                patientId,
                encounterId,
                drug[0],
                drug[1],
                new BigDecimal(drug[2]),
                drug[3],
                drug[4],
                drug[5],
                start,
                start.plusDays(90),
                1L,
                "active"));
        for (int lab = 0; lab < 3; lab++) {
          String[] test = LABS[(int) ((patientId + lab) % LABS.length)];
          BigDecimal low = new BigDecimal(test[3]);
          BigDecimal high = new BigDecimal(test[4]);
          double min = Double.parseDouble(test[5]);
          double max = Double.parseDouble(test[6]);
          BigDecimal value =
              BigDecimal.valueOf(min + random.nextDouble() * (max - min))
                  .setScale(low.scale(), java.math.RoundingMode.HALF_UP);
          String flag = value.compareTo(low) < 0 ? "L" : value.compareTo(high) > 0 ? "H" : "N";
          records.add(
              new LabResult(
                  encounterId * 10 + lab,
                  patientId,
                  encounterId,
                  test[0],
                  test[1],
                  value,
                  null,
                  test[2],
                  low,
                  high,
                  test[3] + "-" + test[4] + " " + test[2],
                  flag,
                  admit.plusSeconds(1_800),
                  admit.plusSeconds(7_200)));
        }
        records.add(
            new Appointment(
                encounterId,
                patientId,
                1L,
                1L,
                admit.plusSeconds(30L * 86_400),
                20,
                "booked",
                "Follow-up",
                null));
        records.add(
            new org.carelake.model.Immunization(
                encounterId,
                patientId,
                encounterId,
                "140",
                "Influenza, seasonal, injectable, preservative free",
                admit.plusSeconds(900)));
        records.add(
            new org.carelake.model.Procedure(
                encounterId,
                patientId,
                encounterId,
                FhirSystems.SNOMED_CT,
                "430193006",
                "Medication reconciliation (procedure)",
                admit.plusSeconds(600),
                admit.plusSeconds(1_200),
                null));
      }
    }
    return records;
  }

  /** Providers, then charts until there are at least {@code count} records. */
  List<Record> records(int count) {
    List<Record> records = new ArrayList<>(providers());
    long patientId = 1;
    while (records.size() < count) {
      records.addAll(chart(patientId++));
    }
    return records.subList(0, count);
  }

  private <T> T pick(T[] values) {
    return values[random.nextInt(values.length)];
  }
}
