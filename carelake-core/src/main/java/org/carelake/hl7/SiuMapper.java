package org.carelake.hl7;

import static org.carelake.hl7.Fields.at;
import static org.carelake.hl7.Fields.value;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.v251.datatype.CE;
import ca.uhn.hl7v2.model.v251.datatype.EI;
import ca.uhn.hl7v2.model.v251.segment.AIL;
import ca.uhn.hl7v2.model.v251.segment.AIP;
import ca.uhn.hl7v2.model.v251.segment.PID;
import ca.uhn.hl7v2.model.v251.segment.PV1;
import ca.uhn.hl7v2.model.v251.segment.SCH;
import ca.uhn.hl7v2.model.v251.segment.TQ1;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.carelake.model.Appointment;
import org.carelake.model.Patient;
import org.carelake.model.Practitioner;

/**
 * SIU^S12 (new appointment booked), S14 (modified) and S15 (cancelled) to Appointment (HL7 v2.5.1
 * Ch. 10.4.1, 10.4.3, 10.4.4; segments SCH Ch. 10.6.2, TQ1 Ch. 4.5.4, AIP Ch. 10.6.7, AIL Ch.
 * 10.6.6; the structure SIU_S12 serves all three).
 *
 * <ul>
 *   <li>Key: SCH-2 Filler Appointment ID, else SCH-1 Placer Appointment ID (EI-1 with EI-2
 *       namespace); at least one is required. Both are also carried as {@code id^namespace}.
 *   <li>Start: TQ1-7 Start Date/Time, else SCH-11.4 (TQ start of the deprecated Appointment Timing
 *       Quantity), else AIP-6, else AIL-6; required. End: TQ1-8 End Date/Time, else SCH-11.5.
 *   <li>Length in minutes: TQ1-13 Occurrence Duration, else SCH-9 Appointment Duration with SCH-10
 *       units, else AIP-9/AIP-10, else AIL-9/AIL-10; units min (default), h, or s; else the minutes
 *       from start to end.
 *   <li>Status: SCH-25 Filler Status Code (table 0278) as FHIR AppointmentStatus: Booked, Overbook
 *       and Blocked booked, Pending pending, Waitlist waitlist, Started arrived, Complete
 *       fulfilled, Cancelled (and the US spelling Canceled), Deleted and Dc cancelled, Noshow
 *       noshow. A status is never null: when SCH-25 is empty or not in the table, S15 means
 *       cancelled and S12 and S14 booked, with a warning for a code outside the table.
 *   <li>Reason: SCH-7 Appointment Reason (CE-2 text, else CE-1), else SCH-6 Event Reason.
 *   <li>Practitioner: AIP-3 Personnel Resource ID (PRN or NPI, as PV1-7); facility: AIL-3.4, else
 *       PV1-3.4; encounter: PV1-19 when present; patient: PID-3, mapped as a sparse patient too.
 * </ul>
 *
 * <p>Segments are read in the order sent ({@link Segments}): TQ1 before or after PID, RGS groups in
 * any order.
 */
final class SiuMapper {
  private SiuMapper() {}

  static Hl7Records map(Segments message, String trigger, Findings findings) throws HL7Exception {
    SCH sch = message.firstOrEmpty(SCH.class);
    Optional<Long> appointmentId = appointmentKey(sch, findings);
    PID pid = message.firstOrEmpty(PID.class);
    Optional<Fields.PatientKey> patient = Fields.patientKey(pid, findings);
    PV1 pv1 = message.firstOrEmpty(PV1.class);
    AIP aip = message.first(AIP.class).orElse(null);
    AIL ail = message.first(AIL.class).orElse(null);
    TQ1 tq1 = message.first(TQ1.class).orElse(null);

    Optional<Instant> start = start(sch, tq1, aip, ail, findings);
    Optional<Instant> end = end(sch, tq1, findings);
    Integer minutes = minutes(sch, tq1, aip, ail, findings);
    if (minutes == null && start.isPresent() && end.isPresent()) {
      minutes = (int) java.time.Duration.between(start.get(), end.get()).toMinutes();
    }
    if (start.isPresent() && end.isPresent() && end.get().isBefore(start.get())) {
      findings.error(at("TQ1", 8), "the appointment's end is before its start");
    }
    String status = status(sch, trigger, findings);
    Optional<Practitioner> practitioner =
        aip == null
            ? Optional.empty()
            : Fields.practitioner(aip.getPersonnelResourceID(), "AIP", 3, findings);
    Long facility = null;
    if (ail != null && ail.getLocationResourceID().length > 0) {
      facility = Fields.facility(ail.getLocationResourceID(0));
    }
    if (facility == null) {
      facility = Fields.facility(pv1.getAssignedPatientLocation());
    }
    Long encounterId =
        patient.isPresent()
            ? Fields.encounterKey(pv1, patient.get(), message.sendingFacility()).orElse(null)
            : null;
    List<Patient> patients = new ArrayList<>();
    List<Hl7Rejection> rejected = new ArrayList<>();
    List<Hl7Unparsed> unparsed = new ArrayList<>();
    if (patient.isPresent()) {
      AdtMapper.sparsePatient(pid, patient.get(), patients, rejected, unparsed, findings);
    }
    if (findings.hasErrors()) {
      return Hl7Records.NONE;
    }
    Appointment appointment =
        new Appointment(
            appointmentId.orElseThrow(),
            patient.orElseThrow().patientId(),
            practitioner.map(Practitioner::practitionerId).orElse(null),
            facility,
            start.orElseThrow(),
            minutes,
            status,
            reason(sch),
            encounterId,
            end.orElse(null),
            identifier(sch.getPlacerAppointmentID()),
            identifier(sch.getFillerAppointmentID()));
    List<Practitioner> practitioners = new ArrayList<>();
    practitioner.ifPresent(practitioners::add);
    return new Hl7Records(
        patients,
        List.of(),
        List.of(),
        List.of(appointment),
        List.of(),
        practitioners,
        rejected,
        unparsed);
  }

  /** An EI as {@code id^namespace}, or the id alone; null when there is no id. */
  private static String identifier(EI ei) {
    String id = value(ei.getEntityIdentifier());
    if (id == null) {
      return null;
    }
    String namespace = value(ei.getNamespaceID());
    return namespace == null ? id : id + "^" + namespace;
  }

  private static Optional<Instant> end(SCH sch, TQ1 tq1, Findings findings) {
    if (tq1 != null && value(tq1.getEndDateTime().getTime()) != null) {
      return Hl7Values.instant(value(tq1.getEndDateTime().getTime()), at("TQ1", 8), findings);
    }
    if (sch.getAppointmentTimingQuantity().length > 0) {
      String text = value(sch.getAppointmentTimingQuantity(0).getEndDateTime().getTime());
      if (text != null) {
        return Hl7Values.instant(text, at("SCH", 1, 11, 1, 5), findings);
      }
    }
    return Optional.empty();
  }

  private static Optional<Long> appointmentKey(SCH sch, Findings findings) {
    EI filler = sch.getFillerAppointmentID();
    EI placer = sch.getPlacerAppointmentID();
    String fillerId = value(filler.getEntityIdentifier());
    if (fillerId != null) {
      String namespace = value(filler.getNamespaceID());
      return Optional.of(Hl7Keys.of("appointment", fillerId, "filler", nullToEmpty(namespace)));
    }
    String placerId = value(placer.getEntityIdentifier());
    if (placerId != null) {
      String namespace = value(placer.getNamespaceID());
      return Optional.of(Hl7Keys.of("appointment", placerId, "placer", nullToEmpty(namespace)));
    }
    findings.error(
        at("SCH", 2),
        "neither SCH-2 filler nor SCH-1 placer appointment ID is given; one is needed to key the"
            + " appointment");
    return Optional.empty();
  }

  private static Optional<Instant> start(SCH sch, TQ1 tq1, AIP aip, AIL ail, Findings findings) {
    if (tq1 != null && value(tq1.getStartDateTime().getTime()) != null) {
      return Hl7Values.instant(value(tq1.getStartDateTime().getTime()), at("TQ1", 7), findings);
    }
    if (sch.getAppointmentTimingQuantity().length > 0) {
      String text = value(sch.getAppointmentTimingQuantity(0).getStartDateTime().getTime());
      if (text != null) {
        return Hl7Values.instant(text, at("SCH", 1, 11, 1, 4), findings);
      }
    }
    if (aip != null && value(aip.getStartDateTime().getTime()) != null) {
      return Hl7Values.instant(value(aip.getStartDateTime().getTime()), at("AIP", 6), findings);
    }
    if (ail != null && value(ail.getStartDateTime().getTime()) != null) {
      return Hl7Values.instant(value(ail.getStartDateTime().getTime()), at("AIL", 6), findings);
    }
    findings.error(
        at("TQ1", 7),
        "the appointment's start is missing (TQ1-7, SCH-11.4, AIP-6 and AIL-6 are all empty)");
    return Optional.empty();
  }

  private static Integer minutes(SCH sch, TQ1 tq1, AIP aip, AIL ail, Findings findings) {
    if (tq1 != null && value(tq1.getOccurrenceDuration().getQuantity()) != null) {
      return minutes(
          value(tq1.getOccurrenceDuration().getQuantity()),
          tq1.getOccurrenceDuration().getUnits(),
          at("TQ1", 1, 13, 1, 1),
          findings);
    }
    if (value(sch.getAppointmentDuration()) != null) {
      return minutes(
          value(sch.getAppointmentDuration()),
          sch.getAppointmentDurationUnits(),
          at("SCH", 9),
          findings);
    }
    if (aip != null && value(aip.getDuration()) != null) {
      return minutes(value(aip.getDuration()), aip.getDurationUnits(), at("AIP", 9), findings);
    }
    if (ail != null && value(ail.getDuration()) != null) {
      return minutes(value(ail.getDuration()), ail.getDurationUnits(), at("AIL", 9), findings);
    }
    return null;
  }

  private static Integer minutes(String quantity, CE units, String location, Findings findings) {
    Optional<BigDecimal> amount = Hl7Values.decimal(quantity, location, findings);
    if (amount.isEmpty()) {
      return null;
    }
    String unit = value(units.getIdentifier());
    String normalized = unit == null ? "min" : unit.toLowerCase(Locale.ROOT);
    BigDecimal factor =
        switch (normalized) {
          case "min", "m", "minutes", "minute" -> BigDecimal.ONE;
          case "h", "hr", "hours", "hour" -> BigDecimal.valueOf(60);
          case "s", "sec", "seconds" -> BigDecimal.ONE.divide(BigDecimal.valueOf(60), 6, 0);
          default -> null;
        };
    if (factor == null) {
      findings.warning(location, "the duration unit is not min, h or s; length left out");
      return null;
    }
    return amount.get().multiply(factor).setScale(0, java.math.RoundingMode.HALF_UP).intValue();
  }

  private static String status(SCH sch, String trigger, Findings findings) {
    String byTrigger = trigger.equals("S15") ? "cancelled" : "booked";
    String code = value(sch.getFillerStatusCode().getIdentifier());
    if (code == null) {
      return byTrigger;
    }
    String status =
        switch (code.toLowerCase(Locale.ROOT).replace(" ", "").replace("-", "")) {
          case "booked", "overbook", "blocked" -> "booked";
          case "pending" -> "pending";
          case "waitlist" -> "waitlist";
          case "started", "arrived", "checkedin" -> "arrived";
          case "complete", "completed" -> "fulfilled";
          case "cancelled", "canceled", "deleted", "dc" -> "cancelled";
          case "noshow" -> "noshow";
          default -> null;
        };
    if (status == null) {
      findings.warning(
          at("SCH", 25),
          "not a filler status code of table 0278; the status follows the trigger event (SIU^"
              + trigger
              + " is "
              + byTrigger
              + ")");
      return byTrigger;
    }
    if (trigger.equals("S15") && !status.equals("cancelled")) {
      findings.warning(
          at("SCH", 25),
          "SIU^S15 cancels the appointment but SCH-25 gives another status; SCH-25 is kept");
    }
    return status;
  }

  private static String reason(SCH sch) {
    CE reason = sch.getAppointmentReason();
    String text = value(reason.getText());
    if (text == null) {
      text = value(reason.getIdentifier());
    }
    if (text == null) {
      text = value(sch.getEventReason().getText());
    }
    if (text == null) {
      text = value(sch.getEventReason().getIdentifier());
    }
    return text;
  }

  private static String nullToEmpty(String text) {
    return text == null ? "" : text;
  }
}
