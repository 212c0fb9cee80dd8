package org.carelake.hl7;

import static org.carelake.hl7.Fields.at;
import static org.carelake.hl7.Fields.value;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Varies;
import ca.uhn.hl7v2.model.v251.datatype.CE;
import ca.uhn.hl7v2.model.v251.group.ORU_R01_OBSERVATION;
import ca.uhn.hl7v2.model.v251.group.ORU_R01_ORDER_OBSERVATION;
import ca.uhn.hl7v2.model.v251.group.ORU_R01_PATIENT_RESULT;
import ca.uhn.hl7v2.model.v251.message.ORU_R01;
import ca.uhn.hl7v2.model.v251.segment.OBR;
import ca.uhn.hl7v2.model.v251.segment.OBX;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.carelake.model.LabResult;

/**
 * ORU^R01 (unsolicited observation result) to one LabResult per OBX (HL7 v2.5.1 Ch. 7.3.1; segments
 * OBR Ch. 7.4.1, OBX Ch. 7.4.2).
 *
 * <ul>
 *   <li>Key: OBX-21 Observation Instance Identifier (defined from v2.6, carried in v2.5.1's
 *       reserved OBX-21) when numeric; else derived from OBR-3 Filler Order Number (else OBR-2
 *       Placer Order Number), OBX-3 and OBX-4 Observation Sub-ID. An OBR without either order
 *       number and an OBX without OBX-21 cannot be keyed: error.
 *   <li>LOINC: OBX-3 identifier with coding system LN, else its alternate in LN; name: OBX-3 text.
 *   <li>Value by OBX-2 Value Type: NM as a number; SN (structured numeric) as a number when it is
 *       plain ({@code ^12.5}), else as text ({@code <^0.01} is {@code <0.01}); any other type as
 *       text (CE and CWE: the text, else the code).
 *   <li>Unit: OBX-6.1 (UCUM); reference range: OBX-7 as sent, with low and high parsed from {@code
 *       low-high}, {@code <high}, {@code <=high}, {@code >low}, {@code >=low}.
 *   <li>Abnormal flag: OBX-8 first repetition (table 0078).
 *   <li>Collected: OBX-14 Date/Time of the Observation, else OBR-7 Observation Date/Time; resulted:
 *       OBR-22 Results Rpt/Status Chng, else OBX-19 Date/Time of the Analysis.
 *   <li>Patient: PID-3; encounter: PV1-19 of the patient's visit, when present.
 * </ul>
 */
final class OruMapper {
  private static final Pattern RANGE =
      Pattern.compile("\\s*([+-]?\\d*\\.?\\d+)\\s*(?:-|–|to)\\s*([+-]?\\d*\\.?\\d+)\\s*");
  private static final Pattern BOUND =
      Pattern.compile("\\s*(<=|>=|<|>)\\s*([+-]?\\d*\\.?\\d+)\\s*");

  private OruMapper() {}

  static Hl7Records map(ORU_R01 message, Findings findings) throws HL7Exception {
    List<LabResult> results = new ArrayList<>();
    int obrCount = 0;
    int obxCount = 0;
    for (ORU_R01_PATIENT_RESULT patientResult : message.getPATIENT_RESULTAll()) {
      Optional<Fields.PatientKey> patient =
          Fields.patientKey(patientResult.getPATIENT().getPID(), findings);
      Long encounterId =
          patient.isPresent()
              ? Fields.encounterKey(patientResult.getPATIENT().getVISIT().getPV1(), patient.get())
                  .orElse(null)
              : null;
      for (ORU_R01_ORDER_OBSERVATION order : patientResult.getORDER_OBSERVATIONAll()) {
        obrCount++;
        OBR obr = order.getOBR();
        String orderNumber = value(obr.getFillerOrderNumber().getEntityIdentifier());
        String orderKind = "filler";
        if (orderNumber == null) {
          orderNumber = value(obr.getPlacerOrderNumber().getEntityIdentifier());
          orderKind = "placer";
        }
        Optional<Instant> observed =
            Hl7Values.instant(
                value(obr.getObservationDateTime().getTime()),
                at("OBR", obrCount, 7, 1, 0),
                findings);
        Optional<Instant> reported =
            Hl7Values.instant(
                value(obr.getResultsRptStatusChngDateTime().getTime()),
                at("OBR", obrCount, 22, 1, 0),
                findings);
        for (ORU_R01_OBSERVATION observation : order.getOBSERVATIONAll()) {
          obxCount++;
          LabResult result =
              labResult(
                  observation.getOBX(),
                  obxCount,
                  obrCount,
                  patient.orElse(null),
                  encounterId,
                  orderKind,
                  orderNumber,
                  observed,
                  reported,
                  findings);
          if (result != null) {
            results.add(result);
          }
        }
      }
    }
    if (obxCount == 0 && !findings.hasErrors()) {
      findings.error(at("OBX", 3), "the message has no OBX segment, so no result to map");
    }
    if (findings.hasErrors()) {
      return Hl7Records.NONE;
    }
    return new Hl7Records(List.of(), List.of(), List.of(), List.of(), results, List.of());
  }

  private static LabResult labResult(
      OBX obx,
      int n,
      int obrOccurrence,
      Fields.PatientKey patient,
      Long encounterId,
      String orderKind,
      String orderNumber,
      Optional<Instant> observed,
      Optional<Instant> reported,
      Findings findings)
      throws HL7Exception {
    CE identifier = obx.getObservationIdentifier();
    String code = value(identifier.getIdentifier());
    if (code == null) {
      findings.error(at("OBX", n, 3, 1, 1), "observation identifier is missing");
      return null;
    }
    String loinc = Fields.code(identifier, "LN");
    if (loinc == null) {
      findings.warning(
          at("OBX", n, 3, 1, 3),
          "the observation is not coded in LOINC (coding system LN); its LOINC code is left out");
    }
    String subId = value(obx.getObservationSubID());
    // HAPI names OBX-20 "ReservedForHarmonizationWithV26"; OBX-21 is its "Number2".
    String instance = Fields.firstComponent(obx.getReservedForHarmonizationWithV26Number2());
    Long key = Hl7Keys.numeric(instance).orElse(null);
    if (key == null && orderNumber == null) {
      findings.error(
          at("OBR", obrOccurrence, 3, 1, 0),
          "neither OBR-3 filler nor OBR-2 placer order number is given, and OBX-21 carries no"
              + " numeric instance identifier; one is needed to key the result");
      return null;
    }
    if (key == null) {
      key = Hl7Keys.derive("lab-result", orderKind, orderNumber, code, subId == null ? "" : subId);
    }

    String type = value(obx.getValueType());
    Varies[] values = obx.getObservationValue();
    BigDecimal numeric = null;
    String text = null;
    String valueLocation = at("OBX", n, 5, 1, 0);
    if (values.length > 0) {
      String upperType = type == null ? "" : type.toUpperCase(Locale.ROOT);
      switch (upperType) {
        case "NM" -> {
          numeric =
              Hl7Values.decimal(Fields.firstComponent(values[0]), valueLocation, findings)
                  .orElse(null);
        }
        case "SN" -> {
          String[] parts = components(values[0]);
          String comparator = parts.length > 0 ? Hl7Values.text(parts[0]) : null;
          String number = parts.length > 1 ? Hl7Values.text(parts[1]) : null;
          String separator = parts.length > 2 ? Hl7Values.text(parts[2]) : null;
          String second = parts.length > 3 ? Hl7Values.text(parts[3]) : null;
          if ((comparator == null || comparator.equals("="))
              && separator == null
              && Hl7Values.isNumber(number)) {
            numeric = new BigDecimal(number.startsWith("+") ? number.substring(1) : number);
          } else {
            text =
                (comparator == null ? "" : comparator)
                    + (number == null ? "" : number)
                    + (separator == null ? "" : separator)
                    + (second == null ? "" : second);
          }
        }
        case "CE", "CWE" -> {
          String[] parts = components(values[0]);
          text = parts.length > 1 && Hl7Values.text(parts[1]) != null ? parts[1] : parts[0];
          text = Hl7Values.text(text);
        }
        default -> {
          StringBuilder joined = new StringBuilder();
          for (Varies repetition : values) {
            String part = Fields.firstComponent(repetition);
            if (part != null) {
              joined.append(joined.length() == 0 ? "" : " ").append(part);
            }
          }
          text = Hl7Values.text(joined.toString());
          if (type == null) {
            findings.warning(
                at("OBX", n, 2, 1, 0), "value type is missing; the value is read as text");
          }
        }
      }
    }
    String range = value(obx.getReferencesRange());
    BigDecimal low = null;
    BigDecimal high = null;
    if (range != null) {
      Matcher between = RANGE.matcher(range);
      Matcher bound = BOUND.matcher(range);
      if (between.matches()) {
        low = new BigDecimal(between.group(1).replace("+", ""));
        high = new BigDecimal(between.group(2).replace("+", ""));
      } else if (bound.matches()) {
        BigDecimal limit = new BigDecimal(bound.group(2).replace("+", ""));
        if (bound.group(1).startsWith("<")) {
          high = limit;
        } else {
          low = limit;
        }
      } else {
        findings.warning(
            at("OBX", n, 7, 1, 0),
            "reference range is not 'low-high', '<high' or '>low'; kept as text");
      }
    }
    String flag = obx.getAbnormalFlags().length > 0 ? value(obx.getAbnormalFlags(0)) : null;
    Optional<Instant> collected =
        Hl7Values.instant(
            value(obx.getDateTimeOfTheObservation().getTime()), at("OBX", n, 14, 1, 0), findings);
    if (collected.isEmpty()) {
      collected = observed;
    }
    Optional<Instant> resulted = reported;
    if (resulted.isEmpty()) {
      resulted =
          Hl7Values.instant(
              value(obx.getDateTimeOfTheAnalysis().getTime()), at("OBX", n, 19, 1, 0), findings);
    }
    if (patient == null) {
      return null;
    }
    return new LabResult(
        key,
        patient.patientId(),
        encounterId,
        loinc,
        value(identifier.getText()),
        numeric,
        text,
        value(obx.getUnits().getIdentifier()),
        low,
        high,
        range,
        flag,
        collected.orElse(null),
        resulted.orElse(null));
  }

  /** The components of a value whose type OBX-2 decides, as text. */
  private static String[] components(Varies value) throws HL7Exception {
    if (value.getData() instanceof ca.uhn.hl7v2.model.Composite composite) {
      ca.uhn.hl7v2.model.Type[] parts = composite.getComponents();
      String[] texts = new String[parts.length];
      for (int i = 0; i < parts.length; i++) {
        texts[i] = Fields.firstComponent(parts[i]);
      }
      return texts;
    }
    String encoded = value.encode();
    char separator =
        ca.uhn.hl7v2.parser.EncodingCharacters.getInstance(value.getMessage())
            .getComponentSeparator();
    return encoded == null
        ? new String[0]
        : encoded.split(Pattern.quote(String.valueOf(separator)), -1);
  }
}
