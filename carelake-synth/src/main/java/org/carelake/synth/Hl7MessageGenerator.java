package org.carelake.synth;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.carelake.core.Errors;
import org.carelake.source.Row;
import org.carelake.source.SourceTable;

/**
 * Writes HL7 v2.5.1 messages about the patients of the generated EHR: the same patients (MRN and
 * internal key), encounters, practitioners (NPI and key), facilities, ICD-10-CM and LOINC codes as
 * {@code carelake source generate} loads into PostgreSQL for the same seed and patient count.
 *
 * <p>Why from the generator and not from the database: the charts are a pure function of the seed
 * and the patient count, so the messages need no running database, are the same on every machine,
 * and agree row for row with a source loaded with the same settings and no defects.
 *
 * <p>Per encounter, in time order: ADT^A01 (inpatient, emergency) or A04 (outpatient, virtual) at
 * admission with its diagnoses, ORU^R01 with its lab results (one OBR per draw, OBX-21 the lab
 * result's key), ADT^A03 at discharge, and an ADT^A08 for one encounter in ten. Per appointment:
 * SIU^S12 when booked, then S14 with the final status (arrived, fulfilled, no-show) or S15 when
 * cancelled. MSH-7 is the time of the event. Output: batch files of up to 500 messages, segments
 * ended by CR and messages by a line feed, named {@code messages-00001.hl7} and on.
 */
public final class Hl7MessageGenerator {
  /** The message families that can be asked for. */
  public enum Family {
    /** ADT^A01, A03, A04, A08. */
    ADT,
    /** SIU^S12, S14, S15. */
    SIU,
    /** ORU^R01. */
    ORU
  }

  /**
   * What was written.
   *
   * @param messages messages written
   * @param files batch files written
   * @param byType messages per type and trigger
   * @param patients patients whose charts were read
   */
  public record Summary(int messages, int files, Map<String, Integer> byType, long patients) {}

  private static final int PER_FILE = 500;
  private static final DateTimeFormatter DTM = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
  private static final Map<String, String> DISPOSITIONS =
      Map.of(
          "home", "01",
          "transfer", "02",
          "skilled-nursing", "03",
          "home-health", "06",
          "left-against-advice", "07",
          "admitted", "09",
          "expired", "20",
          "hospice", "50",
          "rehabilitation", "62");

  private final World world;
  private final GeneratorSettings settings;
  private final Map<Long, String[]> practitioners = new HashMap<>();
  private long sequence;

  /** A generator for the EHR generated with these settings (defects are not applied). */
  public Hl7MessageGenerator(GeneratorSettings settings) {
    this.settings = settings;
    this.world = new World(settings.patients(), settings.seed());
    for (Row row : world.rows) {
      if (row.table() == SourceTable.PRACTITIONERS) {
        practitioners.put(
            row.id(), new String[] {row.get("npi"), row.get("family_name"), row.get("given_name")});
      }
    }
  }

  /** Every message, in patient order, for tests and benchmarks; at most {@code limit}. */
  public List<String> messages(int limit, Set<Family> families) {
    List<String> messages = new ArrayList<>();
    forEach(limit, families, (type, text) -> messages.add(text));
    return messages;
  }

  /**
   * Writes messages into batch files in a folder.
   *
   * @param limit how many messages
   * @param families which message families
   * @param output the folder, created when missing
   * @return what was written
   */
  public Summary write(int limit, Set<Family> families, Path output) {
    Map<String, Integer> byType = new LinkedHashMap<>();
    int[] counts = new int[2];
    Writer[] writer = new Writer[1];
    try {
      Files.createDirectories(output);
      long patients =
          forEach(
              limit,
              families,
              (type, text) -> {
                try {
                  if (counts[0] % PER_FILE == 0) {
                    if (writer[0] != null) {
                      writer[0].close();
                    }
                    counts[1]++;
                    writer[0] =
                        Files.newBufferedWriter(
                            output.resolve(
                                String.format(Locale.ROOT, "messages-%05d.hl7", counts[1])),
                            StandardCharsets.UTF_8);
                  }
                  writer[0].write(text);
                  writer[0].write('\n');
                  counts[0]++;
                  byType.merge(type, 1, Integer::sum);
                } catch (IOException e) {
                  throw Errors.fileFailed("write", output.toString(), e);
                }
              });
      if (writer[0] != null) {
        writer[0].close();
      }
      return new Summary(counts[0], counts[1], byType, patients);
    } catch (IOException e) {
      throw Errors.scratchFileFailed(output, e);
    }
  }

  /** Hands each message to the consumer; returns how many patients were read. */
  private long forEach(int limit, Set<Family> families, MessageConsumer consumer) {
    Set<Family> wanted = families.isEmpty() ? EnumSet.allOf(Family.class) : families;
    PatientGenerator generator = new PatientGenerator(world, new Ids());
    int written = 0;
    long patientId = 0;
    while (written < limit && patientId < settings.patients()) {
      patientId++;
      Chart chart = generator.generate(patientId, EhrGenerator.stream(settings.seed(), patientId));
      List<Timed> messages = new ArrayList<>();
      chartMessages(chart, wanted, messages);
      messages.sort((a, b) -> a.at.compareTo(b.at));
      for (Timed message : messages) {
        if (written >= limit) {
          break;
        }
        consumer.accept(message.type, message.text);
        written++;
      }
    }
    return patientId;
  }

  @FunctionalInterface
  private interface MessageConsumer {
    void accept(String type, String text);
  }

  private record Timed(LocalDateTime at, String type, String text) {}

  private void chartMessages(Chart chart, Set<Family> families, List<Timed> out) {
    Row patient = chart.patient();
    Map<Long, List<Row>> diagnoses = byEncounter(chart.rows(SourceTable.DIAGNOSES));
    Map<Long, List<Row>> labs = byEncounter(chart.rows(SourceTable.LAB_RESULTS));
    for (Row encounter : chart.rows(SourceTable.ENCOUNTERS)) {
      long encounterId = encounter.id();
      LocalDateTime admit = time(encounter.get("admit_time"));
      String encounterClass = encounter.get("encounter_class");
      boolean admitted = encounterClass.equals("inpatient") || encounterClass.equals("emergency");
      List<Row> codes = diagnoses.getOrDefault(encounterId, List.of());
      if (families.contains(Family.ADT)) {
        String trigger = admitted ? "A01" : "A04";
        out.add(
            new Timed(
                admit, "ADT^" + trigger, adt(trigger, admit, patient, encounter, codes, false)));
        if (encounterId % 10 == 3) {
          out.add(
              new Timed(
                  admit.plusMinutes(5),
                  "ADT^A08",
                  adt("A08", admit.plusMinutes(5), patient, encounter, codes, false)));
        }
        if (encounter.get("discharge_time") != null) {
          LocalDateTime discharge = time(encounter.get("discharge_time"));
          out.add(
              new Timed(
                  discharge, "ADT^A03", adt("A03", discharge, patient, encounter, codes, true)));
        }
      }
      List<Row> results = labs.getOrDefault(encounterId, List.of());
      if (families.contains(Family.ORU) && !results.isEmpty()) {
        Map<String, List<Row>> draws = new LinkedHashMap<>();
        for (Row result : results) {
          draws.computeIfAbsent(result.get("collected_at"), key -> new ArrayList<>()).add(result);
        }
        for (List<Row> draw : draws.values()) {
          Row first = draw.get(0);
          String resulted = first.get("resulted_at");
          LocalDateTime at = resulted == null ? time(first.get("collected_at")) : time(resulted);
          out.add(new Timed(at, "ORU^R01", oru(at, patient, encounter, draw)));
        }
      }
    }
    if (families.contains(Family.SIU)) {
      for (Row appointment : chart.rows(SourceTable.APPOINTMENTS)) {
        LocalDateTime start = time(appointment.get("slot_start"));
        String status = appointment.get("status");
        LocalDateTime booked = start.minusDays(7 + appointment.id() % 20);
        out.add(new Timed(booked, "SIU^S12", siu("S12", booked, patient, appointment, "Booked")));
        switch (status) {
          case "cancelled" -> {
            LocalDateTime at = start.minusDays(1);
            out.add(new Timed(at, "SIU^S15", siu("S15", at, patient, appointment, "Cancelled")));
          }
          case "booked" -> {
            // Still booked: nothing more was sent.
          }
          default -> {
            LocalDateTime at = start.plusMinutes(Long.parseLong(appointment.get("slot_minutes")));
            String code =
                switch (status) {
                  case "arrived" -> "Started";
                  case "noshow" -> "Noshow";
                  default -> "Complete";
                };
            out.add(new Timed(at, "SIU^S14", siu("S14", at, patient, appointment, code)));
          }
        }
      }
    }
  }

  private String msh(String type, String structure, LocalDateTime at) {
    sequence++;
    return "MSH|^~\\&|CARELAKE-EHR|CARELAKE|CARELAKE|LAKE|"
        + DTM.format(at)
        + "||"
        + type
        + "^"
        + structure
        + "|CL"
        + String.format(Locale.ROOT, "%010d", sequence)
        + "|P|2.5.1\r";
  }

  private String adt(
      String trigger,
      LocalDateTime at,
      Row patient,
      Row encounter,
      List<Row> codes,
      boolean discharge) {
    StringBuilder text = new StringBuilder();
    text.append(msh("ADT^" + trigger, trigger.equals("A03") ? "ADT_A03" : "ADT_A01", at));
    text.append("EVN|").append(trigger).append('|').append(DTM.format(at)).append('\r');
    text.append(pid(patient, true));
    text.append(pv1(encounter, discharge));
    int set = 1;
    for (Row code : codes) {
      text.append("DG1|")
          .append(set++)
          .append("||")
          .append(escape(code.get("icd10_code")))
          .append('^')
          .append(escape(code.get("description")))
          .append("^I10||")
          .append(date(code.get("onset_date")))
          .append("|F|||||||||")
          .append("primary".equals(code.get("diagnosis_rank")) ? "1" : "2")
          .append("|||||")
          .append(code.id())
          .append('\r');
    }
    return text.toString();
  }

  private String pid(Row patient, boolean full) {
    StringBuilder text = new StringBuilder("PID|1||");
    text.append(patient.get("mrn"))
        .append("^^^CARELAKE^MR~")
        .append(patient.id())
        .append("^^^CARELAKE^PI||");
    text.append(escape(patient.get("family_name")))
        .append('^')
        .append(escape(patient.get("given_name")))
        .append("^^^^^L||");
    text.append(date(patient.get("birth_date")))
        .append('|')
        .append(sex(patient.get("sex")))
        .append("|||");
    if (full) {
      text.append(escape(patient.get("address_line")))
          .append("^^")
          .append(escape(patient.get("city")))
          .append('^')
          .append(nullToEmpty(patient.get("state")))
          .append('^')
          .append(nullToEmpty(patient.get("zip")));
    }
    text.append("||");
    if (full) {
      String phone = patient.get("phone");
      String email = patient.get("email");
      if (phone != null) {
        text.append(phone).append("^PRN^PH");
      }
      if (email != null) {
        text.append(phone != null ? "~" : "").append("^NET^Internet^").append(escape(email));
      }
    }
    text.append("||||||");
    if (full) {
      text.append(nullToEmpty(patient.get("ssn")));
    }
    if (full && patient.get("deceased_date") != null) {
      text.append("||||||||||").append(date(patient.get("deceased_date"))).append("|Y");
    }
    return text.append('\r').toString();
  }

  private String pv1(Row encounter, boolean discharge) {
    String[] fields = new String[46];
    java.util.Arrays.fill(fields, "");
    String encounterClass = encounter.get("encounter_class");
    fields[1] = "1";
    fields[2] =
        switch (encounterClass) {
          case "inpatient" -> "I";
          case "emergency" -> "E";
          default -> "O";
        };
    fields[3] = "^^^" + nullToEmpty(encounter.get("facility_id"));
    String admission = encounter.get("admission_type");
    fields[4] =
        admission == null
            ? ""
            : switch (admission) {
              case "emergency" -> "E";
              case "urgent" -> "U";
              default -> "C";
            };
    fields[7] = xcn(encounter.get("attending_practitioner_id"));
    fields[18] = encounterClass.equals("virtual") ? "VIRTUAL" : "";
    fields[19] = encounter.id() + "^^^CARELAKE^VN";
    if (discharge) {
      String disposition = encounter.get("discharge_disposition");
      fields[36] = disposition == null ? "" : DISPOSITIONS.getOrDefault(disposition, disposition);
      fields[45] = DTM.format(time(encounter.get("discharge_time")));
    }
    fields[44] = DTM.format(time(encounter.get("admit_time")));
    // fields[0] stays empty, so the join starts with the separator after "PV1".
    return "PV1" + String.join("|", fields) + "\r";
  }

  /** A practitioner as XCN repetitions: the NPI, then the EHR's key as a provider number. */
  private String xcn(String practitionerId) {
    if (practitionerId == null) {
      return "";
    }
    String[] practitioner = practitioners.get(Long.parseLong(practitionerId));
    String name = escape(practitioner[1]) + "^" + escape(practitioner[2]);
    return practitioner[0]
        + "^"
        + name
        + "^^^^^^^^^^NPI~"
        + practitionerId
        + "^"
        + name
        + "^^^^^^^^^^PRN";
  }

  private String oru(LocalDateTime at, Row patient, Row encounter, List<Row> draw) {
    Row first = draw.get(0);
    StringBuilder text = new StringBuilder(msh("ORU^R01", "ORU_R01", at));
    text.append(pid(patient, false));
    text.append("PV1|1|")
        .append(encounter.get("encounter_class").equals("inpatient") ? "I" : "O")
        .append("|^^^")
        .append(nullToEmpty(encounter.get("facility_id")))
        .append("||||||||||||||||")
        .append(encounter.id())
        .append("^^^CARELAKE^VN\r");
    String collected = DTM.format(time(first.get("collected_at")));
    String resulted =
        first.get("resulted_at") == null ? "" : DTM.format(time(first.get("resulted_at")));
    text.append("ORC|RE|E")
        .append(encounter.id())
        .append("|L")
        .append(first.id())
        .append("^CARELAKE-LAB\r");
    text.append("OBR|1|E")
        .append(encounter.id())
        .append("|L")
        .append(first.id())
        .append("^CARELAKE-LAB|LAB^Laboratory tests^L|||")
        .append(collected)
        .append("|||||||||||||||")
        .append(resulted)
        .append("|||")
        .append(resulted.isEmpty() ? "P" : "F")
        .append('\r');
    int set = 1;
    for (Row result : draw) {
      text.append("OBX|")
          .append(set++)
          .append("|NM|")
          .append(result.get("loinc_code"))
          .append('^')
          .append(escape(result.get("test_name")))
          .append("^LN||")
          .append(result.get("value_numeric"))
          .append('|')
          .append(escape(result.get("unit")))
          .append('|')
          .append(escape(result.get("reference_range")))
          .append('|')
          .append(nullToEmpty(result.get("abnormal_flag")))
          .append("|||F|||")
          .append(collected)
          .append("|||||")
          .append(resulted)
          .append("||")
          .append(result.id())
          .append('\r');
    }
    return text.toString();
  }

  private String siu(
      String trigger, LocalDateTime at, Row patient, Row appointment, String status) {
    LocalDateTime start = time(appointment.get("slot_start"));
    String minutes = appointment.get("slot_minutes");
    StringBuilder text = new StringBuilder(msh("SIU^" + trigger, "SIU_S12", at));
    text.append("SCH|P")
        .append(appointment.id())
        .append("^CARELAKE|")
        .append(appointment.id())
        .append("^CARELAKE|||||^")
        .append(escape(appointment.get("reason")))
        .append("|OFFICE|")
        .append(minutes)
        .append("|min|^^")
        .append(minutes)
        .append("^")
        .append(DTM.format(start))
        .append("||||||||||||||")
        .append(status)
        .append('\r');
    text.append("TQ1|1||||||")
        .append(DTM.format(start))
        .append("||||||")
        .append(minutes)
        .append("^min\r");
    text.append(pid(patient, false));
    if (appointment.get("encounter_id") != null) {
      text.append("PV1|1|O|^^^")
          .append(nullToEmpty(appointment.get("facility_id")))
          .append("||||||||||||||||")
          .append(appointment.get("encounter_id"))
          .append("^^^CARELAKE^VN\r");
    }
    text.append("RGS|1\r");
    if (appointment.get("practitioner_id") != null) {
      text.append("AIP|1||").append(xcn(appointment.get("practitioner_id"))).append("|MD\r");
    }
    text.append("AIL|1||^^^").append(nullToEmpty(appointment.get("facility_id"))).append('\r');
    return text.toString();
  }

  private static Map<Long, List<Row>> byEncounter(List<Row> rows) {
    Map<Long, List<Row>> grouped = new HashMap<>();
    for (Row row : rows) {
      String encounterId = row.get("encounter_id");
      if (encounterId != null) {
        grouped.computeIfAbsent(Long.parseLong(encounterId), key -> new ArrayList<>()).add(row);
      }
    }
    return grouped;
  }

  private static LocalDateTime time(String copyText) {
    // The generator writes seconds only when they are not zero ("2020-01-15 10:40").
    return LocalDateTime.parse(copyText.replace(' ', 'T'));
  }

  private static String date(String isoDate) {
    return isoDate == null ? "" : isoDate.replace("-", "");
  }

  private static String sex(String sex) {
    if (sex == null) {
      return "";
    }
    return switch (sex) {
      case "female" -> "F";
      case "male" -> "M";
      case "other" -> "O";
      default -> "U";
    };
  }

  /** Escapes HL7's delimiters in text (v2.5.1 Ch. 2.7.4). */
  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder escaped = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\' -> escaped.append("\\E\\");
        case '|' -> escaped.append("\\F\\");
        case '^' -> escaped.append("\\S\\");
        case '&' -> escaped.append("\\T\\");
        case '~' -> escaped.append("\\R\\");
        default -> escaped.append(c);
      }
    }
    return escaped.toString();
  }

  private static String nullToEmpty(String text) {
    return text == null ? "" : text;
  }
}
