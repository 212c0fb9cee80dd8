package org.carelake.hl7;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Composite;
import ca.uhn.hl7v2.model.Primitive;
import ca.uhn.hl7v2.model.Type;
import ca.uhn.hl7v2.model.Varies;
import ca.uhn.hl7v2.model.v251.datatype.CE;
import ca.uhn.hl7v2.model.v251.datatype.CX;
import ca.uhn.hl7v2.model.v251.datatype.PL;
import ca.uhn.hl7v2.model.v251.datatype.XCN;
import ca.uhn.hl7v2.model.v251.segment.PID;
import ca.uhn.hl7v2.model.v251.segment.PV1;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.carelake.model.Practitioner;

/** Reading the fields several message types share: PID identity, PV1-19, XCN, PL. */
final class Fields {
  private Fields() {}

  /** {@code SEG[n]-f(r).c}; occurrence and repetition shown only above 1, component above 0. */
  static String at(String segment, int occurrence, int field, int repetition, int component) {
    StringBuilder text = new StringBuilder(segment);
    if (occurrence > 1) {
      text.append('[').append(occurrence).append(']');
    }
    text.append('-').append(field);
    if (repetition > 1) {
      text.append('(').append(repetition).append(')');
    }
    if (component > 0) {
      text.append('.').append(component);
    }
    return text.toString();
  }

  static String at(String segment, int field) {
    return at(segment, 1, field, 1, 0);
  }

  static String value(Primitive primitive) {
    return primitive == null ? null : Hl7Values.text(primitive.getValue());
  }

  /** The first primitive of a field whose type the structure leaves open (Varies). */
  static String firstComponent(Type type) {
    Type data = type instanceof Varies varies ? varies.getData() : type;
    try {
      if (data instanceof Primitive primitive) {
        return value(primitive);
      }
      if (data instanceof Composite composite && composite.getComponents().length > 0) {
        return firstComponent(composite.getComponent(0));
      }
    } catch (HL7Exception e) {
      return null;
    }
    return null;
  }

  /**
   * The patient's key and MRN from PID-3.
   *
   * @param patientId the key
   * @param mrn the medical record number
   * @param internal whether the key is the sender's own numeric patient key (identifier type PI):
   *     then the feed carries the EHR's keys, and its visit numbers are the EHR's encounter keys
   * @param identifiers every PID-3 repetition, {@code id^^^authority^type} joined by {@code ~}
   */
  record PatientKey(long patientId, String mrn, boolean internal, String identifiers) {}

  /**
   * PID-3 Patient Identifier List (HL7 v2.5.1 Ch. 3.4.2.3), identifier types from table 0203. The
   * MRN is the first repetition of type MR; a single repetition without a type is taken as the MRN,
   * with a warning. The key is a repetition of type PI (patient internal identifier) when it is a
   * whole number, else derived from the MRN and its assigning authority (CX-4).
   */
  static Optional<PatientKey> patientKey(PID pid, Findings findings) {
    CX[] identifiers = pid.getPatientIdentifierList();
    String mrn = null;
    String authority = null;
    Long internal = null;
    List<String> all = new ArrayList<>();
    for (int i = 0; i < identifiers.length; i++) {
      CX cx = identifiers[i];
      String id = value(cx.getIDNumber());
      String type = value(cx.getIdentifierTypeCode());
      if (id == null) {
        continue;
      }
      String issuer = value(cx.getAssigningAuthority().getNamespaceID());
      all.add(id + "^^^" + (issuer == null ? "" : issuer) + "^" + (type == null ? "" : type));
      if ("MR".equalsIgnoreCase(type) && mrn == null) {
        mrn = id;
        authority = value(cx.getAssigningAuthority().getNamespaceID());
      } else if ("PI".equalsIgnoreCase(type) && internal == null) {
        Optional<Long> key = Hl7Keys.numeric(id);
        if (key.isPresent()) {
          internal = key.get();
        }
      }
    }
    if (mrn == null && identifiers.length == 1) {
      mrn = value(identifiers[0].getIDNumber());
      authority = value(identifiers[0].getAssigningAuthority().getNamespaceID());
      if (mrn != null) {
        findings.warning(
            at("PID", 1, 3, 1, 5),
            "identifier type code is missing; the only identifier is taken as the MRN");
      }
    }
    if (mrn == null) {
      findings.error(
          at("PID", 3),
          "no identifier with type code MR (medical record number, table 0203); carelake keys"
              + " patients by MRN");
      return Optional.empty();
    }
    long patientId =
        internal != null
            ? internal
            : Hl7Keys.derive("patient", authority == null ? "" : authority, mrn);
    return Optional.of(new PatientKey(patientId, mrn, internal != null, String.join("~", all)));
  }

  /**
   * PV1-19 Visit Number (HL7 v2.5.1 Ch. 3.4.3.19) as an encounter key. A visit number is unique
   * only within its assigning authority (CX-4, else the sending facility MSH-4) and, at many
   * senders, only within the patient: two patients of one feed can both have visit 40007716. The
   * key is therefore derived from the number, the authority and the patient. The one exception is a
   * feed that carries the EHR's own keys (the patient identified by a PI identifier): there a
   * numeric visit number is the EHR's encounter key, so HL7 rows land on the rows extracted from
   * the database.
   */
  static Optional<Long> encounterKey(
      PV1 pv1, PatientKey patient, Optional<String> sendingFacility) {
    String visit = value(pv1.getVisitNumber().getIDNumber());
    if (visit == null) {
      return Optional.empty();
    }
    String authority = value(pv1.getVisitNumber().getAssigningAuthority().getNamespaceID());
    if (authority == null) {
      authority = sendingFacility.orElse("");
    }
    if (patient.internal() && Hl7Keys.numeric(visit).isPresent()) {
      return Hl7Keys.numeric(visit);
    }
    return Optional.of(
        Hl7Keys.derive("encounter", authority, Long.toString(patient.patientId()), visit));
  }

  /**
   * A practitioner from the repetitions of an XCN field (PV1-7, AIP-3): the key from a repetition
   * of identifier type PRN (provider number) or EI (employee number) when numeric; the NPI from one
   * of type NPI, checked with the Luhn rule; without a numeric key, the key is derived from the
   * NPI.
   */
  static Optional<Practitioner> practitioner(
      XCN[] repetitions, String segment, int field, Findings findings) {
    Long key = null;
    String npi = null;
    String given = null;
    String family = null;
    for (int i = 0; i < repetitions.length; i++) {
      XCN xcn = repetitions[i];
      String id = value(xcn.getIDNumber());
      String type = value(xcn.getIdentifierTypeCode());
      if (given == null) {
        given = value(xcn.getGivenName());
      }
      if (family == null) {
        family = value(xcn.getFamilyName().getSurname());
      }
      if (id == null) {
        continue;
      }
      if ("NPI".equalsIgnoreCase(type)) {
        if (!isNpi(id)) {
          findings.warning(
              at(segment, 1, field, i + 1, 1),
              "not a valid NPI (10 digits with a Luhn check digit)");
        }
        npi = id;
      } else if (key == null && ("PRN".equalsIgnoreCase(type) || "EI".equalsIgnoreCase(type))) {
        key = Hl7Keys.numeric(id).orElse(null);
      } else if (key == null && type == null && npi == null && isNpi(id)) {
        npi = id;
      }
    }
    if (key == null && npi == null) {
      return Optional.empty();
    }
    long id = key != null ? key : Hl7Keys.derive("practitioner", "NPI", npi);
    return Optional.of(new Practitioner(id, npi, given, family, null, null));
  }

  /** PL-4 Facility (HD-1 namespace id) as a facility key, when it is a whole number. */
  static Long facility(PL location) {
    return Hl7Keys.numeric(value(location.getFacility().getNamespaceID())).orElse(null);
  }

  /** The code of a CE in the named coding system, looking at the identifier and the alternate. */
  static String code(CE ce, String... systems) {
    String system = value(ce.getNameOfCodingSystem());
    for (String wanted : systems) {
      if (wanted.equalsIgnoreCase(system == null ? "" : system)) {
        return value(ce.getIdentifier());
      }
    }
    String alternate = value(ce.getNameOfAlternateCodingSystem());
    for (String wanted : systems) {
      if (wanted.equalsIgnoreCase(alternate == null ? "" : alternate)) {
        return value(ce.getAlternateIdentifier());
      }
    }
    return null;
  }

  /** The NPI check: 10 digits, Luhn over the 80840 prefix and the digits. */
  static boolean isNpi(String id) {
    if (id.length() != 10 || Hl7Keys.numeric(id).isEmpty()) {
      return false;
    }
    String digits = "80840" + id;
    int sum = 0;
    boolean doubleIt = false;
    for (int i = digits.length() - 1; i >= 0; i--) {
      int digit = digits.charAt(i) - '0';
      if (doubleIt) {
        digit *= 2;
        if (digit > 9) {
          digit -= 9;
        }
      }
      sum += digit;
      doubleIt = !doubleIt;
    }
    return sum % 10 == 0;
  }

  static List<Practitioner> listOf(Optional<Practitioner> practitioner) {
    List<Practitioner> list = new ArrayList<>();
    practitioner.ifPresent(list::add);
    return list;
  }

  static String upper(String text) {
    return text == null ? null : text.toUpperCase(Locale.ROOT);
  }
}
