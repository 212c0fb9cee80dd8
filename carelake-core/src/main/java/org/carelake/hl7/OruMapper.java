package org.carelake.hl7;

import static org.carelake.hl7.Fields.at;
import static org.carelake.hl7.Fields.value;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.model.Varies;
import ca.uhn.hl7v2.model.v251.datatype.CE;
import ca.uhn.hl7v2.model.v251.segment.OBR;
import ca.uhn.hl7v2.model.v251.segment.OBX;
import ca.uhn.hl7v2.model.v251.segment.PID;
import ca.uhn.hl7v2.model.v251.segment.PV1;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.carelake.model.LabResult;
import org.carelake.model.Patient;
import org.carelake.standardize.Units;

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
 *       plain ({@code ^12.5}), else as text ({@code <^0.01} is {@code <0.01}); CE and CWE as the
 *       text, else the code; TX, FT, ST and any other type as text, every repetition a line; ED as
 *       its data (ED-5).
 *   <li>Text reports: consecutive OBX of type TX or FT with the same OBX-3 and OBX-4 under one OBR
 *       are the lines of one report (a pathology report sends each line as an OBX); they become one
 *       result whose text is the lines joined by line breaks, blank lines kept. One result per line
 *       would make 50 rows of one observation that FHIR shows as one, and all would share a key
 *       (same OBR, OBX-3 and OBX-4), which is how a report collapsed to its last line.
 *   <li>Unit: OBX-6.1 through carelake's UCUM table ({@link Units#known}); a unit the table does
 *       not know is kept as sent, with a warning, never rewritten; {@code 10^9/L} sent without
 *       escaping the caret ({@code \S\}) is read back as one unit. Reference range: OBX-7 as sent,
 *       with low and high parsed from {@code low-high}, {@code <high}, {@code <=high}, {@code
 *       >low}, {@code >=low}.
 *   <li>Abnormal flag: OBX-8 first repetition (table 0078).
 *   <li>Collected: OBX-14 Date/Time of the Observation, else OBR-7 Observation Date/Time; resulted:
 *       OBR-22 Results Rpt/Status Chng, else OBX-19 Date/Time of the Analysis.
 *   <li>Patient: PID-3 of the PID before the OBR, mapped as a sparse patient too; encounter: PV1-19
 *       of the patient's visit, when present.
 * </ul>
 *
 * <p>Segments are read in the order sent ({@link Segments}), so OBX after v2.7 PRT, NTE or
 * Z-segments belong to the OBR before them. A fault of one OBX (no identifier, a value that does
 * not fit its type) rejects that result alone ({@link Hl7Rejection}).
 */
final class OruMapper {
  private static final Pattern RANGE =
      Pattern.compile("\\s*([+-]?\\d*\\.?\\d+)\\s*(?:-|–|to)\\s*([+-]?\\d*\\.?\\d+)\\s*");
  private static final Pattern BOUND =
      Pattern.compile("\\s*(<=|>=|<|>)\\s*([+-]?\\d*\\.?\\d+)\\s*");
  private static final Pattern POWER_REST = Pattern.compile("\\d+\\s*/.*");

  private OruMapper() {}

  /** The order an OBX belongs to: OBR's keys and times. */
  private record Order(
      int occurrence,
      String kind,
      String number,
      Optional<Instant> observed,
      Optional<Instant> reported) {}

  static Hl7Records map(Segments message, Findings findings) throws HL7Exception {
    List<LabResult> results = new ArrayList<>();
    List<Patient> patients = new ArrayList<>();
    List<Hl7Rejection> rejected = new ArrayList<>();
    List<Hl7Unparsed> unparsed = new ArrayList<>();
    Fields.PatientKey patient = null;
    Long encounterId = null;
    Order order = null;
    int obrCount = 0;
    int obxCount = 0;
    List<Segment> segments = message.inOrder();
    for (int i = 0; i < segments.size(); i++) {
      Segment segment = segments.get(i);
      if (segment instanceof PID pid) {
        patient = Fields.patientKey(pid, findings).orElse(null);
        encounterId = null;
        if (patient != null) {
          AdtMapper.sparsePatient(pid, patient, patients, rejected, unparsed, findings);
        }
      } else if (segment instanceof PV1 pv1 && patient != null) {
        encounterId = Fields.encounterKey(pv1, patient, message.sendingFacility()).orElse(null);
      } else if (segment instanceof OBR obr) {
        obrCount++;
        order = order(obr, obrCount, findings);
      } else if (segment instanceof OBX obx) {
        // The lines of one text report: this OBX and the next ones of type TX or FT with the same
        // OBX-3 and OBX-4, with nothing between them.
        List<OBX> lines = new ArrayList<>();
        lines.add(obx);
        while (isText(obx)
            && i + 1 < segments.size()
            && segments.get(i + 1) instanceof OBX next
            && isText(next)
            && sameObservation(obx, next)) {
          lines.add(next);
          i++;
        }
        int first = obxCount + 1;
        obxCount += lines.size();
        Findings own = new Findings();
        LabResult result =
            order == null
                ? noOrder(first, own)
                : labResult(lines, first, order, patient, encounterId, own);
        findings.warnings.addAll(own.warnings);
        if (result == null || own.hasErrors()) {
          rejected.add(new Hl7Rejection("lab_results", "OBX[" + first + "]", own.errors));
        } else {
          results.add(result);
        }
      }
    }
    if (obxCount == 0 && !findings.hasErrors()) {
      findings.error(at("OBX", 3), "the message has no OBX segment, so no result to map");
    }
    if (findings.hasErrors()) {
      return Hl7Records.NONE;
    }
    return new Hl7Records(
        patients, List.of(), List.of(), List.of(), results, List.of(), rejected, unparsed);
  }

  private static LabResult noOrder(int n, Findings findings) {
    findings.error(
        at("OBX", n, 1, 1, 0),
        "the OBX stands before any OBR; a result belongs to the order (OBR) before it");
    return null;
  }

  private static Order order(OBR obr, int occurrence, Findings findings) {
    String number = value(obr.getFillerOrderNumber().getEntityIdentifier());
    String kind = "filler";
    if (number == null) {
      number = value(obr.getPlacerOrderNumber().getEntityIdentifier());
      kind = "placer";
    }
    Optional<Instant> observed =
        Hl7Values.instant(
            value(obr.getObservationDateTime().getTime()),
            at("OBR", occurrence, 7, 1, 0),
            findings);
    Optional<Instant> reported =
        Hl7Values.instant(
            value(obr.getResultsRptStatusChngDateTime().getTime()),
            at("OBR", occurrence, 22, 1, 0),
            findings);
    return new Order(occurrence, kind, number, observed, reported);
  }

  private static boolean isText(OBX obx) {
    String type = value(obx.getValueType());
    return type != null && (type.equalsIgnoreCase("TX") || type.equalsIgnoreCase("FT"));
  }

  private static boolean sameObservation(OBX one, OBX other) {
    return java.util.Objects.equals(
            value(one.getObservationIdentifier().getIdentifier()),
            value(other.getObservationIdentifier().getIdentifier()))
        && java.util.Objects.equals(
            value(one.getObservationIdentifier().getText()),
            value(other.getObservationIdentifier().getText()))
        && java.util.Objects.equals(
            value(one.getObservationSubID()), value(other.getObservationSubID()));
  }

  private static LabResult labResult(
      List<OBX> lines,
      int n,
      Order order,
      Fields.PatientKey patient,
      Long encounterId,
      Findings findings)
      throws HL7Exception {
    OBX obx = lines.get(0);
    CE identifier = obx.getObservationIdentifier();
    String code = value(identifier.getIdentifier());
    if (code == null) {
      code = value(identifier.getText());
      if (code == null) {
        findings.error(
            at("OBX", n, 3, 1, 1), "observation identifier is missing (OBX-3.1 and OBX-3.2)");
        return null;
      }
      findings.warning(
          at("OBX", n, 3, 1, 1),
          "the observation has a name but no code; the name keys the result");
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
    String orderNumber = order.number();
    String orderKind = order.kind();
    int obrOccurrence = order.occurrence();
    Optional<Instant> observed = order.observed();
    Optional<Instant> reported = order.reported();
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
    if (values.length == 0 && lines.size() > 1) {
      values = lines.get(1).getObservationValue();
    }
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
        case "ED" -> {
          String[] parts = components(values[0]);
          text = parts.length > 4 ? Hl7Values.text(parts[4]) : null;
        }
        default -> {
          text = lines(lines);
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
        unit(obx, n, findings),
        low,
        high,
        range,
        flag,
        collected.orElse(null),
        resulted.orElse(null));
  }

  /**
   * The text of the lines of a report: each OBX's repetitions, each a line; an FT line break
   * ({@code \\.br\\}) a line break too; an empty OBX an empty line.
   */
  private static String lines(List<OBX> lines) {
    List<String> text = new ArrayList<>();
    for (OBX line : lines) {
      Varies[] repetitions = line.getObservationValue();
      if (repetitions.length == 0) {
        text.add("");
      }
      for (Varies repetition : repetitions) {
        String part = Fields.firstComponent(repetition);
        text.add(part == null ? "" : part.replace("\\.br\\", "\n"));
      }
    }
    return Hl7Values.text(String.join("\n", text));
  }

  /**
   * OBX-6 Units as UCUM. A sender that writes {@code 10^9/L} without escaping the caret splits it
   * into OBX-6.1 {@code 10} and OBX-6.2 {@code 9/L}; the two are read back as one unit.
   */
  private static String unit(OBX obx, int n, Findings findings) {
    CE units = obx.getUnits();
    String unit = value(units.getIdentifier());
    String second = value(units.getText());
    if ("10".equals(unit) && second != null && POWER_REST.matcher(second).matches()) {
      unit = "10^" + second;
    }
    if (unit == null) {
      return null;
    }
    Optional<String> ucum = Units.known(unit);
    if (ucum.isPresent()) {
      return ucum.get();
    }
    if ("UCUM".equalsIgnoreCase(value(units.getNameOfCodingSystem()))) {
      return unit;
    }
    findings.warning(
        at("OBX", n, 6, 1, 1),
        "the unit is not in carelake's UCUM table (standardize/ucum_units.csv); kept as sent");
    return unit;
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
